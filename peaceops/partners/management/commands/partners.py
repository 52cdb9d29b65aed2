"""`peaceops partners gaps --as USER [--from DATE] [--to DATE] [--post-type CODE] [--json]`: readiness
shortfalls beside the open offers that could close them, over what that user may see;
`peaceops partners offers --as USER [--open] [--json]`: partner offers (only those open for requests
with --open)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peaceops.access.actor import actor_for_user
from peaceops.access.context import acting_as

from ... import selectors
from ...shortfalls import available, gap_report, report_dict


class Command(BaseCommand):
    help = "Partners: the gap view (shortfalls and matching open offers) and the offers, as a user."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        gaps = sub.add_parser("gaps", help="readiness shortfalls beside the open offers that could close them")
        gaps.add_argument("--from", dest="start", help="the tour's first day, YYYY-MM-DD (default: the default tour)")
        gaps.add_argument("--to", dest="end", help="the tour's last day (default: 12 months on)")
        gaps.add_argument("--post-type", dest="post_type", help="one post type only, e.g. MEM")
        gaps.add_argument("--json", action="store_true", help="print JSON (default: a table)")
        offers = sub.add_parser("offers", help="partner offers")
        offers.add_argument("--open", action="store_true", help="only offers open for requests (open, not lapsed)")
        offers.add_argument("--json", action="store_true", help="print JSON (default: a table)")
        for parser_ in (gaps, offers):
            parser_.add_argument("--as", dest="as_user", required=True, metavar="USER",
                                 help="the user this command acts as (their clearance applies)")

    def handle(self, *args, action, as_user, **options):
        from peaceops.accounts.models import User

        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {as_user!r}")
        actor = actor_for_user(user)
        with acting_as(actor):
            if action == "gaps":
                return self.gaps(actor, **options)
            return self.offers(actor, **options)

    def gaps(self, actor, *, start=None, end=None, post_type=None, json=False, **options):
        from peaceops.readiness.forms import tour_from
        from peaceops.readiness.selectors import default_tour, post_type_list

        form = tour_from({"from": start, "to": end}, defaults=default_tour(timezone.localdate()))
        if not form.is_valid():
            raise CommandError("; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()))
        code = (post_type or "").strip().upper()
        if code and not post_type_list(actor=actor).filter(code=code).exists():
            raise CommandError(f"--post-type: no post type {code!r}")
        body = report_dict(gap_report(actor=actor, tour=form.tour, post_type=code))
        if json:
            self.stdout.write(_dumps(body))
            return
        tour = body["tour"]
        self.stdout.write(f"tour {tour['start']} → {tour['end']}: {body['people_seen']} people visible, "
                          f"{body['open_offers']} offers open")
        for section, title in (("people", "people short of a qualification"), ("units", "units short of a skill")):
            rows = body[section]
            self.stdout.write(f"\n{title}: {len(rows)} (with an open offer: {sum(1 for r in rows if r['offers'])})")
            for row in rows:
                what = (f"{row['post_type']:<9} {row['label'][:40]:<40}" if section == "people"
                        else f"{row['unit']:<7} {row['post_code']:<10} {row['post_type']:<9}")
                offers = "; ".join(f"{o['title']} ({o['available']} of {o['quantity']})" for o in row["offers"])
                self.stdout.write(f"  {what} short {row['short']:>6}  covered {row['covered']:>5}  "
                                  f"{offers or 'no open offer'}")

    def offers(self, actor, *, open=False, json=False, **options):
        queryset = selectors.open_offers(actor=actor) if open else selectors.offer_list(actor=actor)
        rows = [{"id": str(o.pk), "title": o.title, "partner": o.partner.code, "fictional": o.partner.fictional,
                 "kind": o.kind, "quantity": o.quantity, "unit_label": o.unit_label, "requested": o.requested,
                 "available": available(o), "available_from": o.available_from.isoformat(),
                 "available_until": o.available_until.isoformat(),
                 "qualification_type": o.qualification_type.code if o.qualification_type_id else None,
                 "level": o.level, "post_type": o.post_type.code if o.post_type_id else None, "status": o.status}
                for o in queryset.order_by("available_until", "title", "pk")]
        if json:
            self.stdout.write(_dumps({"count": len(rows), "offers": rows}))
            return
        if not rows:
            self.stdout.write("no offers")
            return
        for row in rows:
            gives = " ".join(filter(None, [row["qualification_type"], row["level"], row["post_type"]])) or "-"
            demo = " (fictional)" if row["fictional"] else ""
            self.stdout.write(f"{row['status']:<9} {row['available_until']} {row['partner']:<10} "
                              f"{row['quantity']:>5} {row['unit_label']:<7} {gives:<24} {row['title']}{demo}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)
