from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_serializer, field_validator, model_validator

from policy_engine.rules.base import Action, ActionField, RuleBase, Severity, Stage, actions_schema
from policy_engine.rules.common import DetectionOptions


class PiiEntity(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SSN = "ssn"
    CREDIT_CARD = "credit_card"
    IP_ADDRESS = "ip_address"
    IBAN = "iban"
    PASSPORT = "passport"
    DATE_OF_BIRTH = "date_of_birth"
    UK_NINO = "uk_nino"
    UK_NHS = "uk_nhs"
    ES_NIF = "es_nif"
    IT_FISCAL_CODE = "it_fiscal_code"
    PL_PESEL = "pl_pesel"
    IN_PAN = "in_pan"
    IN_AADHAAR = "in_aadhaar"
    AU_TFN = "au_tfn"
    SG_NRIC = "sg_nric"
    US_ITIN = "us_itin"
    US_BANK_ROUTING = "us_bank_routing"


ENTITY_DESCRIPTIONS: dict[PiiEntity, str] = {
    PiiEntity.EMAIL: "Email address (not inside a URL or file path; mailto: allowed).",
    PiiEntity.PHONE: "Phone number: international (+country code) for every region, national forms "
    "for the rule's regions, validated against each region's numbering plan (libphonenumber).",
    PiiEntity.SSN: "US Social Security number as the SSA issues them (area, group and serial rules; "
    "advertising and other known-invalid numbers excluded); 9 bare digits need a context word.",
    PiiEntity.CREDIT_CARD: "Payment card number: issuer range, length and Luhn (Visa, Mastercard, Amex, "
    "Discover, JCB, Diners, UnionPay, Maestro, UATP).",
    PiiEntity.IP_ADDRESS: "IPv4 or IPv6 address, with its CIDR prefix or zone when present "
    "(IPv4-mapped and embedded forms as one span).",
    PiiEntity.IBAN: "International bank account number: every country of the IBAN registry, its "
    "structure and mod-97 check digits.",
    PiiEntity.PASSPORT: "Passport number (8-9 letters and digits) after a context word such as 'passport'.",
    PiiEntity.DATE_OF_BIRTH: "A date after a context word (DOB, date of birth, born on, birthday), in "
    "day/month/year orders, ISO form or with a month name.",
    PiiEntity.UK_NINO: "UK National Insurance number (prefix letters as HMRC allocates them, 6 digits, suffix A-D).",
    PiiEntity.UK_NHS: "UK NHS number (10 digits, mod-11 check digit).",
    PiiEntity.ES_NIF: "Spanish NIF: DNI or NIE with its check letter, or a company CIF.",
    PiiEntity.IT_FISCAL_CODE: "Italian codice fiscale (16 characters with its check character).",
    PiiEntity.PL_PESEL: "Polish PESEL (11 digits: a birth date and a check digit).",
    PiiEntity.IN_PAN: "Indian Permanent Account Number (5 letters, 4 digits, a letter; holder type checked).",
    PiiEntity.IN_AADHAAR: "Indian Aadhaar number (12 digits, Verhoeff check digit).",
    PiiEntity.AU_TFN: "Australian Tax File Number (8 or 9 digits, weighted check).",
    PiiEntity.SG_NRIC: "Singapore NRIC/FIN (letter, 7 digits, check letter).",
    PiiEntity.US_ITIN: "US Individual Taxpayer Identification Number (9xx-[50-65, 70-88, 90-92, 94-99]-xxxx).",
    PiiEntity.US_BANK_ROUTING: "US ABA bank routing number (9 digits, ABA checksum).",
}

# Regions whose national phone forms (without a +country code) are recognised when a rule sets
# no ``regions``. International forms are recognised for every region whatever the setting.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US", "CA", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "PL", "SE", "PT",
    "BR", "MX", "IN", "CN", "JP", "AU", "SG", "PH", "TR", "IL", "ZA",
)  # fmt: skip


# What a pii rule (and each of its entities) may do; PiiRule.available_actions.
PII_ACTIONS = (Action.BLOCK, Action.ALERT, Action.REDACT)


def _entity_action_schema(schema: dict[str, Any]) -> None:
    schema["properties"]["action"] = actions_schema(PII_ACTIONS)


class EntitySetting(BaseModel):
    """One entity of a pii rule with its own action (else the rule's action applies)."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_entity_action_schema)

    type: PiiEntity
    action: ActionField | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_entity(cls, value: Any) -> Any:
        """An unknown entity is reported at the item itself (``rules[0].entities[1]``)."""
        name = value.get("type") if isinstance(value, dict) else None
        if isinstance(name, str) and name not in PiiEntity.__members__.values():
            known = ", ".join(e.value for e in PiiEntity)
            raise ValueError(f"unknown entity {name!r}; use one of: {known}")
        return value


def _entity_items(value: Any) -> Any:
    """Entity names case-insensitively, as plain names or ``{"type", "action"}`` objects
    (a plain name is read as an object without an action)."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str):
            item = {"type": item}
        if isinstance(item, dict) and isinstance(item.get("type"), str):
            item = {**item, "type": item["type"].strip().lower()}
        out.append(item)
    return out


def _entities_schema(schema: dict[str, Any]) -> None:
    """An item is an entity's name or its object: both forms are stated."""
    schema["items"] = {"anyOf": [{"enum": [e.value for e in PiiEntity], "type": "string"}, schema["items"]]}


def _regions_schema(schema: dict[str, Any]) -> None:
    from phonenumbers import SUPPORTED_REGIONS  # read when a schema is built, not on a cold start

    schema["items"] = {"enum": sorted(SUPPORTED_REGIONS), "type": "string"}


# A mask holds text, the placeholder '{entity}' and the escaped braces '{{' and '}}'.
MASK_PATTERN = r"^(?:[^{}]|\{\{|\}\}|\{entity\})*$"
_MASK = re.compile(MASK_PATTERN)


def _region_items(value: Any) -> Any:
    if isinstance(value, list):
        return [item.strip().upper() if isinstance(item, str) else item for item in value]
    return value


class PiiRule(RuleBase, DetectionOptions):
    description = (
        "Detects personal data (validated: Luhn for cards, mod-97 for IBANs, SSA rules for SSNs, "
        "numbering plans for phones, check digits for national ids). The mask replaces each match; "
        "'{entity}' in it becomes the entity name in upper case. Entities may carry their own action."
    )
    available_actions = PII_ACTIONS
    default_action = Action.REDACT
    stages = (Stage.REQUEST, Stage.RESPONSE)
    catalog_entities: ClassVar[dict[PiiEntity, str]] = ENTITY_DESCRIPTIONS

    type: Literal["pii"]
    severity: Severity = Severity.HIGH
    entities: Annotated[list[EntitySetting], BeforeValidator(_entity_items)] = Field(
        default_factory=lambda: [EntitySetting(type=e) for e in PiiEntity],
        min_length=1,
        description="Entity names, or {type, action} objects for an entity with its own action.",
        json_schema_extra=_entities_schema,
    )
    regions: Annotated[list[str], BeforeValidator(_region_items)] = Field(
        default_factory=lambda: list(DEFAULT_PHONE_REGIONS),
        min_length=1,
        max_length=300,
        description="ISO 3166-1 alpha-2 regions whose national phone forms are recognised.",
        json_schema_extra=_regions_schema,
    )
    mask: str = Field(default="[{entity}]", max_length=100, json_schema_extra={"pattern": MASK_PATTERN})

    @field_validator("mask")
    @classmethod
    def _mask_placeholders(cls, value: str) -> str:
        if not _MASK.fullmatch(value):
            raise ValueError("mask may contain only the placeholder '{entity}' (use '{{' and '}}' for braces)")
        return value

    @field_serializer("entities")
    def _entities_as_written(self, value: list[EntitySetting]) -> list[Any]:
        """Stored canonical: a plain name, or an object when the entity has its own action."""
        return [e.type.value if e.action is None else {"type": e.type.value, "action": e.action.value} for e in value]

    @field_validator("entities")
    @classmethod
    def _entities_once(cls, value: list[EntitySetting]) -> list[EntitySetting]:
        seen: set[PiiEntity] = set()
        for item in value:
            if item.type in seen:
                raise ValueError(f"entity '{item.type.value}' is listed more than once")
            seen.add(item.type)
            action = item.action
            if action is not None and action not in cls.available_actions:
                allowed = ", ".join(a.value for a in cls.available_actions)
                raise ValueError(f"action '{action.value}' is not available for pii entities; use one of: {allowed}")
        return value

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        from phonenumbers import SUPPORTED_REGIONS  # imported on first use, not on a cold start

        unknown = [r for r in value if r not in SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"unknown phone region(s) {', '.join(map(repr, unknown))}: use ISO 3166-1 alpha-2 codes")
        return list(dict.fromkeys(value))

    def entity_actions(self) -> dict[PiiEntity, Action | None]:
        """Each configured entity and its own action (None: the rule's action)."""
        return {item.type: item.action for item in self.entities}
