"""The words a newcomer meets on the dashboard and in the briefing, each in
one or two plain sentences, with its source where it is a legal or
statistical term.

The legal terms follow the Child Support Act 1991 (CSA 1991) and its
regulations as the project's rules reference records them (the Child Support
Maintenance Calculation Regulations 2012, "2012 Regs"; the Child Support Fees
Regulations 2014, SI 2014/612); the poverty terms follow DWP's Households
Below Average Income statistics (HBAI). The figures quoted are current law's
as the parameter files hold them on the baseline's start; a reform may change
them. ``dashboard/glossary.py`` shows the list, searchable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["GLOSSARY", "Term", "glossary_table", "lookup", "search"]


@dataclass(frozen=True)
class Term:
    """A word and what it means: ``short`` is its abbreviation, if any."""

    term: str
    meaning: str
    source: str = ""
    short: str = ""


#: HBAI's methodology report, for the poverty terms.
HBAI = "DWP, Households Below Average Income FYE 2025, Background Information and Methodology"

GLOSSARY = (
    Term(
        "Before housing costs",
        "A household's income after taxes and benefits, counted before rent, mortgage interest "
        "and water charges are paid.",
        HBAI,
        "BHC",
    ),
    Term(
        "After housing costs",
        "A household's income after taxes and benefits and after rent, mortgage interest, water "
        "charges and similar housing costs are paid: closer to what a family has to live on.",
        HBAI,
        "AHC",
    ),
    Term(
        "Relative poverty",
        "A person is in relative poverty when their household's equivalised income is below "
        "60% of the median (the middle household's income) in the same year; counted before "
        "or after housing costs.",
        HBAI,
    ),
    Term(
        "Deep poverty",
        "As relative poverty, with a lower line: below 50% of the median income.",
        HBAI,
    ),
    Term(
        "Median",
        "The middle value: half of people have a higher household income, half a lower one.",
        HBAI,
    ),
    Term(
        "Equivalised income",
        "Household income adjusted for the size of the household, so a couple with two children "
        "and a single person can be compared (the modified OECD scale, a couple without "
        "children counting as one).",
        HBAI + ", Table 4",
    ),
    Term(
        "Child maintenance",
        "Money a parent who does not live with their child pays towards the child's everyday "
        "costs. HBAI counts it as income of the household receiving it and takes it off the "
        "income of the household paying it.",
        "CSA 1991 s. 1; " + HBAI,
    ),
    Term(
        "Child Maintenance Service",
        "The government service (part of DWP) that works out how much maintenance is due under "
        "the 2012 scheme and, where needed, collects and enforces it.",
        "CSA 1991 as amended by the Child Maintenance and Other Payments Act 2008",
        "CMS",
    ),
    Term(
        "Receiving parent",
        "The parent the child lives with most of the time, who receives the maintenance "
        "(in law, the person with care).",
        "CSA 1991 s. 3",
    ),
    Term(
        "Paying parent",
        "The parent who does not live with the child most of the time and pays the maintenance "
        "(in law, the non-resident parent).",
        "CSA 1991 s. 3",
    ),
    Term(
        "Family-based arrangement",
        "An arrangement the parents make between themselves, without the CMS: no calculation, "
        "no fees and no enforcement.",
    ),
    Term(
        "Direct Pay",
        "The CMS works out the amount and the paying parent pays the receiving parent directly; "
        "no collection fees. If payments stop, the receiving parent has to tell the CMS.",
        "cms-rules.md §5; Commons Library",
    ),
    Term(
        "Collect and Pay",
        "The CMS collects the maintenance from the paying parent and passes it on, and acts "
        "itself when payments are missed. Both parents pay collection fees.",
        "CSA 1991 s. 4(2A); SI 2014/612 regs. 6-8",
    ),
    Term(
        "Collection fees",
        "Fees on Collect and Pay: today 20% on top of what the paying parent owes and 4% taken "
        "from what the receiving parent is paid.",
        "Child Support Fees Regulations 2014 (SI 2014/612) regs. 6-8",
    ),
    Term(
        "Application fee",
        "A fee for applying to the CMS (£20 from 2014); abolished from 26 February 2024.",
        "SI 2014/612 reg. 3; SI 2024/87",
    ),
    Term(
        "Enforcement charges",
        "Charges a paying parent pays when the CMS takes enforcement action, such as £50 for a "
        "deduction from earnings order and £300 for applying for a liability order.",
        "SI 2014/612 reg. 10",
    ),
    Term(
        "Liability",
        "The amount of maintenance the CMS says a paying parent must pay, usually as a weekly "
        "figure.",
        "CSA 1991 Sch. 1",
    ),
    Term(
        "Arrears",
        "Maintenance (and fees and charges) that was due but has not been paid; owed until it "
        "is paid, collected by enforcement or written off.",
    ),
    Term(
        "Enforcement powers",
        "What the CMS can do when a paying parent does not pay: deduction orders, liability "
        "orders, and through the courts taking goods, charging orders, and disqualification "
        "from driving or from holding a passport, or committal to prison.",
        "CSA 1991 ss. 31-40B",
    ),
    Term(
        "Deduction from earnings order",
        "An order telling the paying parent's employer to take maintenance straight from their "
        "pay, made by the CMS without going to court.",
        "CSA 1991 s. 31; Child Support (Collection and Enforcement) Regulations 1992 Part III",
        "DEO",
    ),
    Term(
        "Deduction order (bank account)",
        "An order taking money from a paying parent's bank or building society account: "
        "regularly (a regular deduction order) or once (a lump-sum deduction order).",
        "CSA 1991 ss. 32A-32K",
    ),
    Term(
        "Liability order",
        "A court order (magistrates' court in England and Wales, sheriff court in Scotland) "
        "that the arrears are owed, which opens the way to the stronger powers such as "
        "enforcement agents, charging orders and sanctions.",
        "CSA 1991 s. 33",
    ),
    Term(
        "Charging order",
        "After a liability order, a charge on the paying parent's property for the debt, which "
        "can lead to an order to sell it.",
        "CSA 1991 s. 36",
    ),
    Term(
        "Court sanctions",
        "The last resort, where a court finds wilful refusal or culpable neglect: "
        "disqualification from driving or from holding a passport (up to 2 years) or committal "
        "to prison.",
        "CSA 1991 ss. 39B-40B",
    ),
    Term(
        "Variation",
        "A change to the standard calculation asked for by either parent: special expenses "
        "taken off the paying parent's income, or additional income (such as unearned or "
        "diverted income) added to it.",
        "CSA 1991 ss. 28A-28G and Sch. 4B; 2012 Regs Part 5",
    ),
    Term(
        "Gross weekly income",
        "The paying parent's income before tax that the calculation uses, taken mostly from "
        "HMRC's records; capped at £3,000 a week.",
        "2012 Regs regs. 34-42",
    ),
    Term(
        "Flat rate",
        "£7 a week, whatever the number of children, for a paying parent with income of £100 a "
        "week or less or on certain benefits.",
        "CSA 1991 Sch. 1 para. 4; 2012 Regs reg. 44",
    ),
    Term(
        "Nil rate",
        "Nothing to pay: for a paying parent with income below £7 a week, or who is a child, in "
        "prison or in certain other circumstances.",
        "CSA 1991 Sch. 1 para. 5; 2012 Regs reg. 45",
    ),
    Term(
        "Reduced rate",
        "For income between £100 and £200 a week: the flat rate plus a share of the income "
        "above £100.",
        "CSA 1991 Sch. 1 para. 3; 2012 Regs reg. 43",
    ),
    Term(
        "Basic rate",
        "For income of £200 a week or more: 12%, 16% or 19% of income for one, two or three or "
        "more children.",
        "CSA 1991 Sch. 1 para. 2(1)",
    ),
    Term(
        "Basic plus rate",
        "On income above £800 a week (up to the £3,000 cap), the lower rates of 9%, 12% or 15%; "
        "in law still the basic rate.",
        "CSA 1991 Sch. 1 para. 2(2)",
    ),
    Term(
        "Shared care",
        "When the child stays overnight with the paying parent at least 52 nights a year, the "
        "amount is reduced by a seventh or more, and halved for equal care.",
        "CSA 1991 Sch. 1 para. 7",
    ),
    Term(
        "Synthetic population",
        "The separated families the model follows are made up, not real people: built to "
        "match published statistics (CMS caseload, incomes, family types) so that, weighted, "
        "they represent Great Britain.",
    ),
    Term(
        "Replication",
        "The same comparison run again with new families, new chance events and the "
        "assumptions moved within their ranges.",
    ),
    Term(
        "Range",
        "The spread of a result across the replications (lowest to highest, or the 5th to "
        "95th percentile with enough replications): how uncertain the figure is.",
    ),
    Term(
        "Assumption",
        "A value about behaviour or the population that the law does not fix (for example, how "
        "often paying parents pay), with a central value, a range and its source.",
    ),
    Term(
        "Sensitivity analysis",
        "Each assumption moved alone to the low and the high end of its range, to see which "
        "move a result most (the tornado chart).",
    ),
    Term(
        "Channels",
        "The parts a reform's change is split into, each measured by switching the reform on "
        "one part after another on the same families.",
    ),
    Term(
        "Mechanical channel",
        "The change from the new rules alone, with everyone behaving as before: new fees, rates "
        "or amounts due.",
    ),
    Term(
        "Compliance channel",
        "The change from paying parents paying more or less often or in full in response to "
        "the reform.",
    ),
    Term(
        "Service moves channel",
        "The change from families moving between Direct Pay, Collect and Pay, family-based "
        "arrangements and none, and from cases opening and closing.",
    ),
    Term(
        "Enforcement channel",
        "The change from the CMS's enforcement action responding to the reform.",
    ),
    Term(
        "Households channel",
        "The change from households' own responses (jobs, partners, children); no household "
        "process responds to CMS policy in the model, so it is zero.",
    ),
    Term(
        "Cost to government",
        "The CMS's administrative cost less its income from fees and charges, plus any change "
        "in Universal Credit awards the maintenance makes, a year.",
    ),
    Term(
        "Winners and losers",
        "Households better off or worse off under a reform than under current law, by their "
        "net income after maintenance and fees.",
    ),
    Term(
        "Income decile",
        "One of ten equal groups of households ranked by income: decile 1 is the lowest tenth, "
        "decile 10 the highest.",
        HBAI,
    ),
    Term(
        "Current law",
        "The rules in force today, the baseline every reform is compared with on the same "
        "families.",
    ),
)


def lookup(word: str) -> Term | None:
    """The term called ``word`` or abbreviated so (any case), if any."""
    wanted = word.strip().lower()
    return next((t for t in GLOSSARY if wanted in (t.term.lower(), t.short.lower())), None)


def search(text: str) -> list[Term]:
    """The terms whose name, abbreviation, meaning or source contain ``text``
    (any case); all of them for no text."""
    wanted = text.strip().lower()
    return [
        t
        for t in GLOSSARY
        if not wanted or wanted in " ".join((t.term, t.short, t.meaning, t.source)).lower()
    ]


def glossary_table(text: str = "") -> pd.DataFrame:
    """The terms :func:`search` finds as a table: term (with its abbreviation),
    meaning, source, in alphabetical order."""
    rows = [
        {
            "Term": f"{t.term} ({t.short})" if t.short else t.term,
            "Meaning": t.meaning,
            "Source": t.source,
        }
        for t in search(text)
    ]
    frame = pd.DataFrame(rows, columns=["Term", "Meaning", "Source"])
    return frame.sort_values("Term", key=lambda s: s.str.lower()).reset_index(drop=True)
