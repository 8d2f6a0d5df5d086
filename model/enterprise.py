"""Social enterprises (社会企业): strong functional groups earn income (``mech.enterprise``).

A functional group with capacity of at least ``enterprise.min_capacity`` starts an enterprise (a
grid shop, a repair service for pay) with probability ``enterprise.rate`` a month. An enterprise
earns ``enterprise.income * capacity`` a month while its group lives; while a community fund
runs, ``fund.enterprise_share`` of it feeds the fund (field: social-enterprise profits feed
Chengdu's community funds), the rest the group's own money. It is money earned inside the
community, not outside money.
"""

from __future__ import annotations

from yingzao.model.state import REC


def update(m) -> None:
    """The enterprise stage: new enterprises, then this month's income."""
    v, o = m.v, m.orgs
    if not v["mech.enterprise"]:
        return
    live = o.live()
    func = live[o.kind[live] != REC]
    cand = func[~o.enterprise[func] & (o.capacity[func] >= v["enterprise.min_capacity"])]
    start = cand[m.streams.keyed("enterprise").uniform(m.month, cand) < v["enterprise.rate"]]
    if start.size:
        o.enterprise[start] = True
        what = "A group" if start.size == 1 else f"{start.size} groups"
        m.log(m.month, "enterprise", f"{what} started a social enterprise.")
    earning = func[o.enterprise[func]]
    if earning.size == 0:
        return
    income = v["enterprise.income"] * o.capacity[earning]
    has_fund = any(p.name == "fund" and p.active(m.month) for p in m.policies)
    to_fund = income * (v["fund.enterprise_share"] if has_fund else 0.0)
    o.own_money[earning] += income - to_fund
    m.fund_balance += float(to_fund.sum())
    m.ledger.income(float(income.sum()), "enterprise")
