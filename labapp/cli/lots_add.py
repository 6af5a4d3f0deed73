"""`labapp lots add`: register one lot, its laboratory sample and its digests and pellets without a
manifest file, in one step that registers all of it or nothing (the manifest contract's fields)."""

from __future__ import annotations

import argparse
import math
from datetime import date

from labapp.cli._session import add_user_option, context, login
from labapp.core.errors import LabappError
from labapp.services.importing.lot_edit import lot_details
from labapp.services.importing.lot_inputs import (
    DECLARED_CHEMISTRIES,
    ORIGINS,
    TECHNIQUE_OF_KIND,
    LotInput,
    PreparationInput,
    SampleInput,
)
from labapp.services.importing.registration import register_lot
from labapp.services.vocabulary import SuppliedItem

MEASURED = ("MASS_G", "VOLUME_ML", "DILUTION")
DIGESTS = ("digest", "duplicate")  # spikes (with their added concentration) come with a manifest


def register(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser(
        "add",
        help="register one lot with its sample, digests and pellets (no manifest file needed)",
        description="Register one lot, its laboratory sample and the sample's preparations: all of it, "
        "or nothing when a value is wrong. Digests and duplicates are measured by ICP-OES, pellets by XRF.",
    )
    add.add_argument("code", metavar="LOT")
    add.add_argument("--client", required=True, help="client (sender) name; a new name registers the client")
    add.add_argument("--contact", help="the client's contact (for a new client)")
    add.add_argument("--chemistry", required=True, choices=DECLARED_CHEMISTRIES, help="declared chemistry")
    add.add_argument("--origin", required=True, choices=ORIGINS, help="where the material comes from")
    add.add_argument("--received", metavar="YYYY-MM-DD", help="date the lot was received")
    add.add_argument("--net-wet-kg", type=float, help="net wet mass of the lot in kg")
    add.add_argument(
        "--moisture", type=float, metavar="PCT", help="moisture of the sample, %% (dry basis needs it)"
    )
    add.add_argument("--moisture-method", help="how the moisture was determined, e.g. 'loss on drying 105 C'")
    for kind in DIGESTS:
        add.add_argument(
            f"--{kind}", action="append", nargs=4, default=[], metavar=("LABEL", *MEASURED),
            help=f"a {kind} measured by {TECHNIQUE_OF_KIND[kind]}: its sample label as the instrument "
            "writes it, sample mass g, digest volume mL, dilution factor (repeatable)",
        )
    add.add_argument("--pellet", action="append", default=[], metavar="LABEL",
                     help="a pressed pellet measured by XRF: its sample label (repeatable)")
    add.add_argument("--condition", help="condition of the lot on receipt, e.g. 'dry powder, seals intact'")
    add.add_argument(
        "--customer-supplied", action="append", default=[], choices=SuppliedItem.values(), metavar="ITEM",
        help="information the customer supplied, marked so on the certificate (ISO/IEC 17025 7.8.2.2); "
        f"repeatable: {', '.join(SuppliedItem.values())}",
    )
    add.add_argument("--sampling-plan", help="sampling plan, e.g. 'ISO 12743, 20 increments of 2 kg'")
    add.add_argument("--sampling-location", help="where the lot was sampled")
    add.add_argument("--deviation", action="append", default=[], metavar="TEXT",
                     help="a deviation from the method, printed on the certificate (repeatable)")
    add.add_argument("--reason", help="reason recorded in the audit trail")
    add_user_option(add)
    add.set_defaults(handler=_add)


def _add(args: argparse.Namespace) -> int:
    lot = LotInput(
        code=args.code.strip(),
        client_name=args.client.strip(),
        client_contact=args.contact,
        declared_chemistry=args.chemistry,
        origin=args.origin,
        received_on=_date(args.received),
        net_wet_mass_kg=args.net_wet_kg,
        condition_on_receipt=args.condition,
        customer_supplied=tuple(dict.fromkeys(args.customer_supplied)),
        sampling_plan=args.sampling_plan,
        sampling_location=args.sampling_location,
        method_deviations=tuple(d.strip() for d in args.deviation if d.strip()),
    )
    sample = SampleInput(moisture_pct=args.moisture, moisture_method=args.moisture_method)
    preparations = [_digest(kind, values) for kind in DIGESTS for values in getattr(args, kind)]
    preparations += [PreparationInput(label, "pellet", TECHNIQUE_OF_KIND["pellet"]) for label in args.pellet]
    with context(args) as ctx:
        register_lot(ctx, login(ctx, args), lot, args.reason, sample, preparations)
        sample_id = lot_details(ctx, lot.code).lab_sample_id
    labels = ", ".join(f"{p.label} ({p.kind})" for p in preparations) or "no preparations yet"
    print(f"lot {lot.code} registered as laboratory sample {sample_id} with its sample: {labels}")
    return 0


def _digest(kind: str, values: list[str]) -> PreparationInput:
    label, *numbers = values
    parsed = []
    for name, text in zip(MEASURED, numbers, strict=True):
        try:
            number = float(text)
        except ValueError:
            raise LabappError(f"--{kind} {label}: {name} must be a number, not {text!r}") from None
        if not (math.isfinite(number) and number > 0):
            raise LabappError(f"--{kind} {label}: {name} must be a positive number, not {text!r}")
        parsed.append(number)
    mass, volume, dilution = parsed
    return PreparationInput(label, kind, TECHNIQUE_OF_KIND[kind], mass, volume, dilution)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LabappError(f"--received {text!r}: write the date as YYYY-MM-DD") from None
