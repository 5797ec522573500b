"""Every PII entity validated like the real thing: positives, negatives and decoys per entity,
including each example of issue 12 (national phones, the registry's IBANs, IP spans, SSA rules)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import phonenumbers
import pytest

from policy_engine.engine import phones
from policy_engine.rules.pii import DEFAULT_PHONE_REGIONS
from tests.unit.engine.helpers import make_policy, run


def found(text: str, entity: str, **options: object) -> list[str]:
    """The values a pii rule for ``entity`` alone reports in ``text``."""
    result = run(make_policy({"type": "pii", "action": "alert", "entities": [entity], **options}), prompt=text)
    return [text[m.start : m.end] for v in result.violations for m in v.matches]


@pytest.mark.parametrize(
    ("entity", "text", "value"),
    [
        # Phones in national form, validated on each region's numbering plan.
        ("phone", "Philippines mobile 09171234567 ok", "09171234567"),
        ("phone", "Turkish mobile 532-123-45-67 ok", "532-123-45-67"),
        ("phone", "Beijing mobile 13812345678 ok", "13812345678"),
        ("phone", "London office (020) 7946 0958 ok", "(020) 7946 0958"),
        ("phone", "My Israeli number is 09-7625400", "09-7625400"),
        ("phone", "Brazil: +55 11 98456 5666", "+55 11 98456 5666"),
        ("phone", "US: 415-555-0132", "415-555-0132"),
        # IBANs of every registry country, the ones once missed included.
        ("iban", "AL47 2121 1009 0000 0002 3569 8741", "AL47 2121 1009 0000 0002 3569 8741"),
        ("iban", "pay BY13NBRB3600900000002Z00AB00 now", "BY13NBRB3600900000002Z00AB00"),
        ("iban", "TL38 0080 0123 4567 8910 157", "TL38 0080 0123 4567 8910 157"),
        ("iban", "VA59 0011 2300 0012 3456 78", "VA59 0011 2300 0012 3456 78"),
        ("iban", "IQ98NBIQ850123456789012", "IQ98NBIQ850123456789012"),
        ("iban", "LC55HEMM000100010012001200023015", "LC55HEMM000100010012001200023015"),
        ("iban", "SC18SSCB11010000000000001497USD", "SC18SSCB11010000000000001497USD"),
        ("iban", "LY83002048000020100120361", "LY83002048000020100120361"),
        ("iban", "iban VG96 VPVG 0000 0123 4567 8901 X in a sentence", "VG96 VPVG 0000 0123 4567 8901"),
        # IP addresses with their whole span.
        ("ip_address", "route 10.0.0.0/8 via the gateway", "10.0.0.0/8"),
        ("ip_address", "subnet 192.168.1.0/24.", "192.168.1.0/24"),
        ("ip_address", "connecting from ::1", "::1"),
        ("ip_address", "mapped ::ffff:192.0.2.1 now", "::ffff:192.0.2.1"),
        ("ip_address", "Connect to [2001:db8::1]:8080", "2001:db8::1"),
        ("ip_address", "zone fe80::1%eth0/64 up", "fe80::1%eth0/64"),
        ("ip_address", "NAT64: 64:ff9b::198.51.100.1", "64:ff9b::198.51.100.1"),
        ("ip_address", "10.0.0.0/123 is no prefix", "10.0.0.0"),
        # SSNs in the SSA's forms.
        ("ssn", "ssn 078.05.1123 on file", "078.05.1123"),
        ("ssn", "ssn 078 05 1123 on file", "078 05 1123"),
        ("ssn", "SSN: 536228410", "536228410"),
        # Cards: UATP (airline) numbers start with 1, 15 digits, Luhn.
        ("credit_card", "my credit card: 122000000000003", "122000000000003"),
        ("credit_card", "dankort 5019717010103742", "5019717010103742"),
        # Passports in any case after a context word.
        ("passport", "passport number: ab1234567", "ab1234567"),
        ("passport", "my travel document is A12803456", "A12803456"),
        # Dates of birth in the common orders and spellings.
        ("date_of_birth", "born on 5-May-2021", "5-May-2021"),
        ("date_of_birth", "DOB: 21.5.2021", "21.5.2021"),
        ("date_of_birth", "date of birth is 5/20/2021", "5/20/2021"),
        ("date_of_birth", "birthday: May-2021", "May-2021"),
        ("date_of_birth", "DOB 2024-03-15T14:30Z", "2024-03-15T14:30Z"),
        ("date_of_birth", "born on the 3rd of March 1985", "3rd of March 1985"),
        # National ids with their check digits.
        ("uk_nino", "NI number AB 12 34 56 C please", "AB 12 34 56 C"),
        ("uk_nino", "nino AB123456C", "AB123456C"),
        ("uk_nhs", "NHS number 943 476 5919", "943 476 5919"),
        ("es_nif", "DNI 12345678Z", "12345678Z"),
        ("es_nif", "NIE X1234567L", "X1234567L"),
        ("es_nif", "DNI 1111111-G", "1111111-G"),  # without its leading zero
        ("it_fiscal_code", "codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("pl_pesel", "PESEL 44051401359", "44051401359"),
        ("in_pan", "PAN ABCPD1234E", "ABCPD1234E"),
        ("in_aadhaar", "aadhaar 2341 2341 2346", "2341 2341 2346"),
        ("in_aadhaar", "aadhaar 3123:4567:8909", "3123:4567:8909"),
        ("au_tfn", "TFN 123 456 782", "123 456 782"),
        ("sg_nric", "NRIC S1234567D", "S1234567D"),
        ("sg_nric", "FIN G1234567X", "G1234567X"),
        ("us_itin", "ITIN 912-70-1234", "912-70-1234"),
        ("us_bank_routing", "routing number 011000015", "011000015"),
        ("us_bank_routing", "ABA 3222-7162-7", "3222-7162-7"),
    ],
)
def test_each_entity_is_found_with_its_whole_span(entity: str, text: str, value: str) -> None:
    # Given a pii rule for one entity
    # When the text carries a valid value of it
    # Then exactly that value is reported, whole
    assert found(text, entity) == [value]


@pytest.mark.parametrize(
    ("entity", "text"),
    [
        # SSA: advertising and pamphlet numbers, one repeated digit, bad area/group/serial, mixed separators.
        ("ssn", "ssn 078-05-1120 is the wallet card"),
        ("ssn", "ssn 123-45-6789 is an example"),
        ("ssn", "ssn 111-11-1111"),
        ("ssn", "ssn 078-05-0000 and 078 00 1123"),
        ("ssn", "ssn 693-09.4444"),
        ("ssn", "order number 123456782 shipped"),  # 9 bare digits without context: below 0.5
        # Phones: invalid area codes, dates, IPs, slices of grouped numbers, SSN layouts, short locals.
        ("phone", "call +1 741-283-9863"),  # 741 is no US area code
        ("phone", "invoice 2024-03-12 paid"),
        ("phone", "host 192.168.10.254 down"),
        ("phone", "card 4111 1111 1111 1111"),
        ("phone", "BE71 0961 2345 6760 is not an IBAN"),
        ("phone", "ticket 666-84-2466"),
        ("phone", "part no. 5807-286"),
        # IBANs: checksum, structure, length, lower case, unknown country.
        ("iban", "AL47 2121 1009 0000 0002 3569 8740"),
        ("iban", "AD12000A2030200359100100"),
        ("iban", "GI75 aWBK 0000 0000 7099 453"),
        ("iban", "AB150120690000003111141"),
        ("iban", "IL15 0120 6900 0000 3111 0120 6900 0000 3111 141"),
        # IP look-alikes.
        ("ip_address", "MAC address aa:bb:cc:dd:ee:ff"),
        ("ip_address", "std::cout and MyClass::toString"),
        ("ip_address", "::ffff:192.168.1 is cut"),
        ("ip_address", "2001:db8::256.1.1.1"),
        ("ip_address", "fe80::1text"),
        ("ip_address", "192.168.1.1.1 is an OID"),
        ("ip_address", "Time 12:34:56 and ratio 1:2:3:4"),
        # Cards: Luhn-invalid UATP and Diners.
        ("credit_card", "122000000000004"),
        ("credit_card", "36168002586008"),
        # Passports: no context, too short.
        ("passport", "order A12803456 shipped"),
        ("passport", "my passport number is T356907"),
        # Dates: no context, glued.
        ("date_of_birth", "invoice 5-May-2021"),
        ("date_of_birth", "DOB is5/21and sunny"),
        ("date_of_birth", "DOB: 31/31/2020"),
        # National ids with a wrong check digit or an unallocated prefix.
        ("uk_nino", "NI number AB 12 34 56 E"),
        ("uk_nino", "NI number QQ 12 34 56 C"),  # HMRC's specimen prefix is never allocated
        ("uk_nino", "GB123456A"),
        ("uk_nhs", "NHS number 943 476 5918"),
        ("es_nif", "DNI 12345678A"),
        ("it_fiscal_code", "codice fiscale RSSMRA85T10A562T"),
        ("pl_pesel", "PESEL 44051401358"),
        ("in_pan", "PAN ABCXD1234E"),
        ("in_aadhaar", "aadhaar 2341 2341 2347"),
        ("in_aadhaar", "aadhaar 684D:1111:222:3333:4444:5555:77"),  # groups of an IPv6-like text
        ("au_tfn", "TFN 123 456 789"),
        ("sg_nric", "NRIC S1234567A"),
        ("us_itin", "ITIN 912-93-1234"),
        ("us_bank_routing", "routing number 011000016"),
        ("us_bank_routing", "order 011000015 shipped"),  # checksum alone, no context: below 0.5
    ],
)
def test_negatives_and_decoys_are_not_reported(entity: str, text: str) -> None:
    # Given a pii rule for one entity
    # When the text holds only look-alikes
    # Then nothing is reported
    assert found(text, entity) == []


def test_low_confidence_detections_are_reported_when_the_rule_asks_for_them() -> None:
    # Given a bare 9-digit SSN, the unspecified IPv6 address and a bare routing number
    # When min_confidence is 0, then they are reported; at the default they are not
    assert found("078051121", "ssn", min_confidence=0) == ["078051121"]
    assert found("078051121", "ssn") == []
    assert found("Unspecified ::", "ip_address", min_confidence=0) == ["::"]
    assert found("Unspecified ::", "ip_address") == []


def test_national_phone_forms_follow_the_rule_regions() -> None:
    # Given rules with regions GB only and TR only
    text = "office (020) 7946 0958, mobile 532-123-45-67"
    # Then each finds only its region's national form; international forms need no region
    assert found(text, "phone", regions=["GB"]) == ["(020) 7946 0958"]
    assert found(text, "phone", regions=["tr"]) == ["532-123-45-67"]
    assert found("call +63 917 123 4567", "phone", regions=["GB"]) == ["+63 917 123 4567"]


def test_two_rules_with_other_regions_in_one_set_each_keep_their_own() -> None:
    # Given one set with a GB-only rule and a TR-only rule
    gb = {"type": "pii", "action": "alert", "entities": ["phone"], "regions": ["GB"]}
    tr = {"type": "pii", "action": "block", "entities": ["phone"], "regions": ["TR"]}
    text = "office (020) 7946 0958, mobile 532-123-45-67"
    # When evaluated
    result = run([make_policy(gb), make_policy(tr)], prompt=text)
    # Then each rule reports its own region's number
    by_action = {v.action: [text[m.start : m.end] for m in v.matches] for v in result.violations}
    assert by_action == {"alert": ["(020) 7946 0958"], "block": ["532-123-45-67"]}


def test_redaction_removes_the_whole_ipv4_mapped_address() -> None:
    # Given a redacting rule
    policy = make_policy({"type": "pii", "action": "redact", "entities": ["ip_address"]})
    # When a mapped address and a CIDR block are redacted
    result = run(policy, prompt="from ::ffff:192.0.2.1 to 10.0.0.0/8.")
    # Then nothing of either is left
    assert result.modified_request is not None
    assert result.modified_request.prompt == "from [IP_ADDRESS] to [IP_ADDRESS]."


def test_compact_phone_tables_agree_with_libphonenumber() -> None:
    # Given random national-form digit strings and the real library's verdicts
    rng = random.Random(12)  # noqa: S311 - test inputs
    checked = disagreements = 0
    for _ in range(600):
        digits = rng.choice(["0", "1", ""]) + "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 11)))
        for region in DEFAULT_PHONE_REGIONS:
            try:
                expected = phonenumbers.is_valid_number_for_region(phonenumbers.parse(digits, region), region)
            except phonenumbers.NumberParseException:
                expected = False
            checked += 1
            disagreements += expected != phones.valid_in_region(region, digits)
    # Then the tables give the library's answer for all but a few in a thousand
    # (national forms that the library reads as carrying a country or carrier code)
    assert disagreements / checked < 0.002, (disagreements, checked)


def test_a_cold_start_loads_neither_phone_plans_nor_stdnum() -> None:
    # Given a fresh interpreter importing the evaluate handler
    root = Path(__file__).resolve().parents[3]
    probe = (
        "import sys; import functions.evaluate.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('phonenumbers', 'stdnum')))"
    )
    env = {
        "PYTHONPATH": f"{root / 'layers' / 'policy_engine'}:{root}",
        "AWS_DEFAULT_REGION": "us-east-1",
        "TABLE_NAME": "governance",
        "CURSOR_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-signing",
    }
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=root, check=True)  # noqa: S603
    # Then neither library is imported until a candidate needs it
    assert out.stdout.strip() == "[]"


CONTEXT_PHRASES = [
    "phone", "phones", "tel", "telephone", "mobile", "cell", "fax", "whatsapp", "call me", "call us on",
    "call  me at", "reach me on", "reach us at", "ssn", "ssns", "social security", "social  sec", "ss#",
    "ss no.", "ssno", "nhs", "health service", "patient", "pesel", "aadhaar", "aadhar", "uidai", "uid",
    "tfn", "tax file", "itin", "taxpayer", "tax id", "routing", "aba", "rtn", "transit", "bank",
]  # fmt: skip


def test_every_context_word_holds_one_of_its_entitys_hints() -> None:
    # Given every entity's context pattern and phrases of every context word
    from policy_engine.engine.validators import CONTEXT, CONTEXT_HINTS, has_context

    assert CONTEXT_HINTS.keys() == CONTEXT.keys()
    for entity, pattern in CONTEXT.items():
        for phrase in CONTEXT_PHRASES:
            window = f"my {phrase}: "
            # When the pattern finds a context word in the window
            if pattern.search(window) is not None:
                # Then the window holds one of the entity's hints, so the prefilter lets it through
                assert any(hint in window for hint in CONTEXT_HINTS[entity]), (entity, phrase)
                assert has_context(window + "1", len(window), entity)
