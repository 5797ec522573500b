"""How the console is hosted: the template's bucket, distribution, headers and CORS, and the
local stack's file server that reuses the same headers."""

from __future__ import annotations

from typing import Any

from local_stack.console import ConsoleFiles, security_headers
from local_stack.template import load_template

RESOURCES: dict[str, Any] = load_template()["Resources"]


def props(name: str) -> dict[str, Any]:
    return dict(RESOURCES[name]["Properties"])


def test_the_bucket_is_private_versioned_and_encrypted() -> None:
    bucket = props("ConsoleBucket")
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert "WebsiteConfiguration" not in bucket


def test_only_this_distribution_reads_the_bucket_and_only_over_tls() -> None:
    statements = props("ConsoleBucketPolicy")["PolicyDocument"]["Statement"]
    allow = [s for s in statements if s["Effect"] == "Allow"]
    assert len(allow) == 1
    assert allow[0]["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow[0]["Action"] == "s3:GetObject"
    assert "${ConsoleDistribution}" in allow[0]["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_distribution_uses_origin_access_control_and_the_headers_policy() -> None:
    config = props("ConsoleDistribution")["DistributionConfig"]
    origin = config["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["ConsoleOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": "ConsoleHeadersPolicy"}
    assert props("ConsoleOriginAccessControl")["OriginAccessControlConfig"]["SigningBehavior"] == "always"


def test_the_csp_on_aws_connects_to_this_api_only() -> None:
    security = props("ConsoleHeadersPolicy")["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    text, variables = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    directives = {d.split()[0]: d.split()[1:] for d in text.split("; ")}
    assert directives["connect-src"] == ["'self'", "${ApiOrigin}"]
    assert "${GovernanceApi}.execute-api" in variables["ApiOrigin"]["Fn::Sub"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in text
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"


def test_cors_names_the_console_origin_parameter_everywhere() -> None:
    api = props("GovernanceApi")
    assert api["Cors"]["AllowOrigin"] == {"Fn::Sub": "'${ConsoleOrigin}'"}
    assert api["Auth"]["AddDefaultAuthorizerToCorsPreflight"] is False
    for kind, response in api["GatewayResponses"].items():
        assert response["ResponseParameters"]["Headers"]["Access-Control-Allow-Origin"] == {
            "Fn::Sub": "'${ConsoleOrigin}'"
        }, kind
    variables = load_template()["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["CONSOLE_ORIGIN"] == {"Ref": "ConsoleOrigin"}


def test_the_local_server_sends_the_templates_headers_with_the_api_as_self() -> None:
    headers = security_headers()
    assert "connect-src 'self';" in headers["Content-Security-Policy"]
    assert "$" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_local_server_serves_console_files_only() -> None:
    files = ConsoleFiles()
    status, headers, body = files("GET", "/console/")  # type: ignore[misc]
    assert status == 200 and body.startswith(b"<!doctype html>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert files("GET", "/console/js/app.js")[1]["Content-Type"] == "text/javascript; charset=utf-8"  # type: ignore[index]
    assert files("GET", "/console")[:2] == (301, {**files("GET", "/console")[1], "Location": "/console/"})  # type: ignore[index]
    for outside in ("/console/../template.yaml", "/console/%2e%2e/template.yaml", "/console/nope.js"):
        served = files("GET", outside)
        assert served is not None and served[0] == 404, outside
        assert "Content-Security-Policy" in served[1]
    assert files("POST", "/console/index.html")[0] == 405  # type: ignore[index]
    assert files("GET", "/v1/policies") is None
