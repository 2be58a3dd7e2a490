"""Issuing a referral letter for the workload (benchmarks/workload.py), through the referrals service."""

from __future__ import annotations

import importlib

from app.models import Agency
from app.services.actor import Actor

_AGENCIES: list[int] = []


def available() -> bool:
    try:
        module = importlib.import_module("app.services.letters.referrals")
    except ImportError:
        return False
    return hasattr(module, "issue_order")


def issue(operator: Actor, official: Actor, case_id: int) -> tuple[int, str]:
    """The official orders the case referred to one agency; returns (letter id, letter number)."""
    from app.services.letters import referrals

    if not _AGENCIES:
        _AGENCIES.extend(
            a
            for (a,) in Agency.select(Agency.id)
            .where(Agency.active == True)  # noqa: E712
            .order_by(Agency.id)
            .limit(20)
            .tuples()
        )
    agency = _AGENCIES[case_id % len(_AGENCIES)]
    infos = referrals.issue_order(
        official,
        case_id,
        {"agency_ids": [agency], "instruction": "بررسی و نتیجه را اعلام کنید.", "priority": "normal"},
    )
    return infos[0].letter_id, infos[0].letter_number
