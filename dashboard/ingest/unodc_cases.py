"""UNODC Individual Drug Seizures (IDS): case-level seizure records -> the canonical cases table.

The export has one row per seizure with the columns ``REGION, SUBREGION, COUNTRY, ADMINISTRATIVE_DIVISION, PLACE,
SEIZURE_DATE, DRUG_NAME, AMOUNT, DRUG_UNIT, HIDING_PLACE, INSTALLATION, TRANSPORT, PRODUCING_COUNTRY,
DEPARTURE_COUNTRY, DESTINATION_COUNTRY, ROUTING``. UNODC ships it ``;``-separated (often gzipped); users re-save it
with ``,`` separators or decimal commas, and sometimes without the route columns, all of which are accepted. Header
names are matched case-insensitively; columns the export does not have are named in the report's notes.

Everything is vectorised. Values that repeat a lot (dates, amounts, vocabularies, countries, substances) are parsed
once per *distinct* value and mapped back onto the rows; no Python code runs once per row.

Rules, so that the numbers can be defended:

* **Quarantined** (row, column, reason, raw JSON): a missing, unreadable or future date (after today) or one before
  1900; a missing, non-numeric, non-finite or negative amount; an absurd amount (``ABSURD_KG``, ``ABSURD_KG_BULK``,
  ``ABSURD_COUNT``, explained below); a missing or unknown unit; a missing substance; a seizing country that is
  missing, unresolvable or not a country (``Unknown``, ``Other``...); a route country (producing, departure,
  destination) that is filled in but cannot be resolved: storing it as "unknown" would drop what the file says.
  A row that fails several checks gets one quarantine entry per failure.
* **Route countries** are never guessed: a blank route field is stored as ``UNKNOWN`` (``XUN``), and ``Unknown``,
  ``Other``, ``Multiple Countries`` keep their special codes. The export has no transit field, so ``transit_iso3``
  is ``XUN``.
* **Dates**: ``YYYY-MM-DD`` (a time part is ignored); ``DD/MM/YYYY`` or ``MM/DD/YYYY``, the order decided for the
  whole file by parts above 12, day-first when nothing decides it (flag ``date_order_assumed``); ``YYYY-MM``
  (``date_month_only``, stored on the 1st); ``YYYY`` (``date_year_only``: year only, no date, no month).
* **Kilograms** come from ``dashboard.substances.to_kg`` (documented factors, UNODC's regional tablet weights chosen
  by the record's REGION and SUBREGION); a unit it cannot convert keeps a null ``kg_equivalent`` and the flag
  ``unconvertible_unit``.
* **Conveyance, routing, channel**: every value of the 2011-2016 release is mapped explicitly in ``CONVEYANCE`` and
  ``ROUTING``; values never seen fall back to keyword rules, then to ``other``. The reported text is always kept.
* **Quality flags** (``;``-separated): ``date_month_only``, ``date_year_only``, ``date_order_assumed``,
  ``zero_amount``, ``unconvertible_unit``, ``no_route`` (neither departure nor destination is a country),
  ``partial_route`` (only one of them is), ``routing_missing``, ``conveyance_missing``, ``check_amount`` (more than 2 t
  in one air seizure or 100 kg in one postal item, often a slip of unit: kept as reported, flagged).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from dashboard import countries, substances
from dashboard.i18n import _
from dashboard.ingest.fileformat import Format
from dashboard.ingest.readers import ROW, RawTable, parse_number
from dashboard.ingest.report import InputError, ParseResult, QuarantineBuilder
from dashboard.schema import CLASS_ODS_HFC, CLASS_PRECURSOR

FORMAT_NAME = "unodc-individual-seizures"
CHECK_KG = {"air": 2_000.0, "mail_courier": 100.0}  # one seizure larger than this by that conveyance is unusual
DATA_SOURCE = "UNODC Individual Drug Seizures"
CITATION = "UNODC, Individual Drug Seizures (IDS) case-level records, United Nations Office on Drugs and Crime, Vienna"
LICENCE = "UNODC data: reuse permitted with attribution to UNODC (UNODC terms of use)"

# Columns that identify the export; the others are optional (later public releases dropped the route fields).
CORE_COLUMNS = ("COUNTRY", "SEIZURE_DATE", "DRUG_NAME", "AMOUNT", "DRUG_UNIT")
OPTIONAL_COLUMNS = (
    "REGION",
    "SUBREGION",
    "ADMINISTRATIVE_DIVISION",
    "PLACE",
    "HIDING_PLACE",
    "INSTALLATION",
    "TRANSPORT",
    "PRODUCING_COUNTRY",
    "DEPARTURE_COUNTRY",
    "DESTINATION_COUNTRY",
    "ROUTING",
)
ROUTE_COLUMNS = {
    "PRODUCING_COUNTRY": "producing_iso3",
    "DEPARTURE_COUNTRY": "departure_iso3",
    "DESTINATION_COUNTRY": "destination_iso3",
}

# Absurd amounts: a single seizure beyond these is a data-entry error (a unit slip, repeated digits), not an event,
# and would swamp every total it entered, so it is quarantined for a person to check.
# - Processed drugs: 1,000 t. The largest single seizures on record are a few tens of tonnes (cocaine ~25 t). The one
#   record of the 2011-2016 release above this is 4,500 t of amphetamine in one Thai seizure, more than the world
#   seizes in a year.
# - Plant material (coca leaf and bush, poppy straw, seeds, cannabis plants) and precursor chemicals are bulk goods:
#   100,000 t. Nothing in the release comes near it: its largest are 400 t of coca leaf and 104 t of acetic anhydride.
# - Units without a kg conversion (pieces, acres, tablets of unknown weight, counts of poppy or coca plants and bushes,
#   which have no kg equivalent: only cannabis plants convert, at 100 g each): one billion items. The release's largest
#   plant count, a Guatemalan poppy eradication of 9.3e8 bushes, lies below it and is stored with a null kg.
ABSURD_KG = 1e6
ABSURD_KG_BULK = 1e8
ABSURD_COUNT = 1e9
EARLIEST_YEAR = 1900

# Distinct TRANSPORT values of the 2011-2016 release (lower-cased) -> canonical conveyance.
CONVEYANCE = {
    "commercial air": "air",
    "private air": "air",
    "air": "air",
    "commercial sea": "sea",
    "private sea": "sea",
    "river": "sea",  # waterborne; the canonical set has no inland-waterway class, the reported text is kept
    "commercial road": "road",
    "private road": "road",
    "land": "road",  # the IDS form offers Rail separately, so "Land" is land transport other than rail
    "rail": "rail",
    "mail": "mail_courier",
    "pedestrian": "other",
    "none": "other",  # "no conveyance" (mostly seizures in residences): not unknown, but no transport class either
    "other": "other",
    "unknown": "unknown",
}
CONVEYANCE_RULES = (  # for values never seen: the first matching pattern wins
    (r"mail|post|courier|parcel|express", "mail_courier"),
    (r"rail|train", "rail"),
    (r"air|plane|flight", "air"),
    (r"sea|ship|vessel|boat|maritime|river|ferry", "sea"),
    (r"road|land|car|truck|lorry|bus|vehicle", "road"),
    (r"unknown|not known|n/?a", "unknown"),
)

# Distinct ROUTING values of the 2011-2016 release (lower-cased) -> canonical routing.
ROUTING = {
    "national territory/domestic seizure": "domestic",
    "border - inbound": "border_inbound",
    "border - outbound": "border_outbound",
    # UNODC merges the two in one category; it cannot be split, so it counts as transit and the text is kept.
    "border - transit/free trade zone": "transit",
    "international waters/unclaimed territory": "international_waters",
    "other": "other",  # reported as "Other": a known answer, so not folded into "unknown"
    "unknown": "unknown",
}
ROUTING_RULES = (
    (r"domestic|national", "domestic"),
    (r"inbound|import|entr", "border_inbound"),
    (r"outbound|export|exit", "border_outbound"),
    (r"transit|transship", "transit"),
    (r"free (trade )?zone|ftz", "free_trade_zone"),
    (r"international waters|high seas|unclaimed", "international_waters"),
    (r"unknown|not known", "unknown"),
)

# Values that say "we do not know": not a concealment method or an installation.
NOT_KNOWN = ["unknown", "n/a", "na", "none", "not known", "-", "?"]

# Channel words, searched in TRANSPORT, INSTALLATION, HIDING_PLACE and ROUTING (see _channel for which where).
# "post" alone would also match a border or police post, hence the longer phrases.
MAIL_WORDS = r"\bmail\b|\bpost office|\bpostal\b|\bcourier|\bparcel|express (mail|delivery)|^post$"
ECOMMERCE_WORDS = r"e-?commerce|internet|online|darknet|dark web|web ?shop"
FTZ_WORDS = r"free (trade )?zone|\bftz\b"
TRANSSHIP_WORDS = r"trans-?ship"
_MAIL, _ECOMMERCE, _FTZ, _TRANSSHIP, _TRANSIT = 1, 2, 4, 8, 16

_DATE_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$"
_DATE_DMY = r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?: [\d:.]+)?$"
_DATE_MONTH = r"^(\d{4})-(\d{1,2})$"
_DATE_YEAR = r"^(\d{4})$"


def matches(table: RawTable) -> bool:
    present = {c.strip().upper() for c in table.columns}
    return set(CORE_COLUMNS) <= present


def parse(table: RawTable, source_id: str) -> ParseResult:
    """Validate and normalise an IDS export: bad rows go to quarantine, the rest to the canonical cases table."""
    if table.frame.is_empty() and not table.malformed:
        raise InputError(table.file, _("the file has a header but no data rows"))
    found = {c.strip().upper(): c for c in table.columns}
    extra = [c for c in table.columns if c.strip().upper() not in {*CORE_COLUMNS, *OPTIONAL_COLUMNS}]
    decimal_comma = table.uses_decimal_comma([found["AMOUNT"]])
    # Missing optional columns are added under "__" names, which keeps them out of the quarantine's raw JSON.
    names = {c: found.get(c, f"__missing_{c}") for c in (*CORE_COLUMNS, *OPTIONAL_COLUMNS)}
    frame = table.frame.with_columns(pl.lit(None, pl.String).alias(n) for n in names.values() if n.startswith("__"))

    frame = pl.concat(
        [
            frame,
            _dates(frame, names["SEIZURE_DATE"]),
            _substances(frame, names["DRUG_NAME"]),
        ],
        how="horizontal",
    )
    frame = frame.with_columns(
        _per_distinct(frame, names["AMOUNT"], parse_number(names["AMOUNT"], decimal_comma=decimal_comma)).alias(
            "__amount"
        ),
        countries.resolve_series(frame[names["COUNTRY"]]).alias("__country"),
        *[_route_country(frame[names[raw]]).alias(f"__{out}") for raw, out in ROUTE_COLUMNS.items()],
    )
    frame = _add_kg(frame, names)

    quarantine = QuarantineBuilder(table.file)
    bad = _quarantine(frame, names, quarantine)
    stored = _canonical(frame.filter(~bad), names)

    notes = []
    if decimal_comma:
        notes.append("amounts read with decimal commas")
    if extra:
        notes.append(f"columns not part of the UNODC export were ignored: {', '.join(extra)}")
    if stored["quality_flags"].str.contains("date_order_assumed").any():
        notes.append("dates like 03/04/2015 were read day-first: nothing in the file decides the order")
    years = stored["year"].drop_nulls()
    edition = f"{DATA_SOURCE} {years.min()}-{years.max()}" if years.len() else DATA_SOURCE
    return ParseResult(
        kind="cases",
        format=FORMAT_NAME,
        rows_read=table.rows_read,
        stored=stored,
        quarantine=quarantine.build(),
        edition=edition,
        citation=CITATION,
        licence=LICENCE,
        notes=notes,
    )


def _per_distinct(frame: pl.DataFrame, column: str, expr: pl.Expr) -> pl.Series:
    """``expr`` (written over ``column``) evaluated once per distinct non-null value and mapped back onto the rows.

    311,038 rows hold about 2,200 distinct dates and 30,000 distinct amounts, so this is several times faster than
    running string parsing on every row. Null inputs give null.
    """
    values = frame.get_column(column)
    distinct = values.drop_nulls().unique()
    mapped = pl.DataFrame({column: distinct}).select(expr).to_series()
    return values.replace_strict(distinct, mapped, default=None, return_dtype=mapped.dtype)


# ---- dates -------------------------------------------------------------------------------------------------------
def _dates(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """__date, __year, __month_only, __year_only, __date_assumed for every row, parsed once per distinct value."""
    keys = frame.select(pl.col(column).alias("__key"))
    distinct = keys.unique()
    month_first, undecided = _slash_date_order(distinct)
    text = pl.col("__key").str.strip_chars()
    iso = text.str.extract_groups(_DATE_ISO)
    dmy = text.str.extract_groups(_DATE_DMY)
    day_text = pl.coalesce(iso.struct.field("3"), dmy.struct.field("2" if month_first else "1"), pl.lit("1"))
    month_text = pl.coalesce(
        iso.struct.field("2"), dmy.struct.field("1" if month_first else "2"), text.str.extract(_DATE_MONTH, 2)
    )
    year_text = pl.coalesce(
        iso.struct.field("1"), dmy.struct.field("3"), text.str.extract(_DATE_MONTH, 1), text.str.extract(_DATE_YEAR, 1)
    )
    year_only = text.str.contains(_DATE_YEAR)
    date = pl.concat_str([year_text, month_text.str.zfill(2), day_text.str.zfill(2)], separator="-").str.to_date(
        "%Y-%m-%d", strict=False
    )
    first, second = dmy.struct.field("1").cast(pl.Int32), dmy.struct.field("2").cast(pl.Int32)
    ambiguous = (first <= 12) & (second <= 12) & (first != second)
    lookup = distinct.with_columns(
        pl.when(year_only).then(None).otherwise(date).alias("__date"),
        # A bare year is kept as a year, so that the range checks and yearly totals still see it.
        pl.when(year_only).then(year_text.cast(pl.Int32)).otherwise(date.dt.year().cast(pl.Int32)).alias("__year"),
        text.str.contains(_DATE_MONTH).fill_null(False).alias("__month_only"),
        year_only.fill_null(False).alias("__year_only"),
        (ambiguous & undecided).fill_null(False).alias("__date_assumed"),
    )
    return keys.join(lookup, on="__key", how="left", nulls_equal=True, maintain_order="left").drop("__key")


def _slash_date_order(distinct: pl.DataFrame) -> tuple[bool, bool]:
    """(month_first, undecided) for slashed dates in the whole file: month-first only when the file proves it (a
    second part above 12 and no first part above 12); undecided when no part is above 12, and then day-first."""
    text = pl.col("__key").str.strip_chars()
    first, second = distinct.select(
        text.str.extract(_DATE_DMY, 1).cast(pl.Int32).max().fill_null(0).alias("first"),
        text.str.extract(_DATE_DMY, 2).cast(pl.Int32).max().fill_null(0).alias("second"),
    ).row(0)
    return second > 12 >= first, first <= 12 and second <= 12


# ---- countries and substances ------------------------------------------------------------------------------------
def _route_country(raw: pl.Series) -> pl.Series:
    """A route field as ISO3; blank means "not reported", stored as UNKNOWN rather than null. Null = unresolvable."""
    resolved = countries.resolve_series(raw)
    return pl.select(pl.when(raw.is_null()).then(pl.lit(countries.UNKNOWN)).otherwise(resolved)).to_series()


def _special_codes() -> list[str]:
    return [countries.UNKNOWN, countries.OTHER, countries.MULTIPLE, countries.INTERNATIONAL_WATERS]


def _substances(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Canonical substance, group, class and plant flag per row; classified once per distinct name."""
    keys = frame.select(pl.col(column).alias("__key"))
    distinct = keys.unique()
    classified = substances.classify_substances(distinct["__key"])
    lookup = pl.concat(
        [
            distinct,
            classified.select(
                pl.col("substance").alias("__substance"),
                pl.col("substance_group").alias("__substance_group"),
                pl.col("substance_class").alias("__substance_class"),
                pl.col("is_plant_material").alias("__is_plant_material"),
            ),
        ],
        how="horizontal",
    )
    return keys.join(lookup, on="__key", how="left", nulls_equal=True, maintain_order="left").drop("__key")


def _add_kg(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    # The substance goes in as reported (to_kg classifies it itself), with the UNODC region and subregion, which pick
    # the row of UNODC's tablet-weight table for ATS and ecstasy tablets.
    work = frame.select(
        pl.col("__amount"),
        pl.col(names["DRUG_UNIT"]).alias("__unit_in"),
        pl.col(names["DRUG_NAME"]).alias("__substance_in"),
        pl.concat_str([pl.col(names["REGION"]), pl.col(names["SUBREGION"])], separator=" ", ignore_nulls=True).alias(
            "__region_in"
        ),
    )
    converted = substances.to_kg(work, "__amount", "__unit_in", "__substance_in", region_col="__region_in")
    return frame.with_columns(
        converted["kg_equivalent"].alias("__kg"),
        converted["kg_method"].alias("__kg_method"),
        converted["unit"].alias("__unit"),
    )


# ---- validation --------------------------------------------------------------------------------------------------
def _quarantine(frame: pl.DataFrame, names: dict[str, str], quarantine: QuarantineBuilder) -> pl.Series:
    """Send every failing check to quarantine (a row may fail several) and return the mask of rows to leave out."""
    today = dt.date.today()
    col = {c: pl.col(n) for c, n in names.items()}
    amount, kg = pl.col("__amount"), pl.col("__kg")
    # inf and NaN are "not a number"; the checks after that one look at finite amounts only.
    finite = amount.is_finite()
    date_raw, amount_raw, unit_raw, country_raw = col["SEIZURE_DATE"], col["AMOUNT"], col["DRUG_UNIT"], col["COUNTRY"]
    bulk = pl.col("__is_plant_material").fill_null(False) | pl.col("__substance_class").is_in(
        [CLASS_PRECURSOR, CLASS_ODS_HFC]
    ).fill_null(False)

    def absurd(limit: float, what: str) -> pl.Expr:
        return _reason("absurd amount '{} {}': over {} " + what, amount_raw, unit_raw, f"{limit:,.0f}")

    checks: list[tuple[str, pl.Expr, pl.Expr | str]] = [
        ("SEIZURE_DATE", date_raw.is_null(), "date missing"),
        (
            "SEIZURE_DATE",
            date_raw.is_not_null() & pl.col("__year").is_null(),
            _reason("date '{}' cannot be read (expected YYYY-MM-DD)", date_raw),
        ),
        (
            "SEIZURE_DATE",
            (pl.col("__date") > pl.lit(today)) | (pl.col("__year_only") & (pl.col("__year") > today.year)),
            _reason("date '{}' is in the future", date_raw),
        ),
        (
            "SEIZURE_DATE",
            pl.col("__year") < EARLIEST_YEAR,
            _reason("date '{}' is before {}", date_raw, EARLIEST_YEAR),
        ),
        ("AMOUNT", amount_raw.is_null(), "amount missing"),
        (
            "AMOUNT",
            amount_raw.is_not_null() & (amount.is_null() | ~amount.is_finite()),
            _reason("amount '{}' is not a number", amount_raw),
        ),
        ("AMOUNT", finite & (amount < 0), _reason("negative amount '{}'", amount_raw)),
        ("AMOUNT", finite & ~bulk & (kg > ABSURD_KG), absurd(ABSURD_KG, "kg of a processed drug in one seizure")),
        ("AMOUNT", finite & bulk & (kg > ABSURD_KG_BULK), absurd(ABSURD_KG_BULK, "kg in one seizure")),
        ("AMOUNT", finite & kg.is_null() & (amount > ABSURD_COUNT), absurd(ABSURD_COUNT, "items in one seizure")),
        ("DRUG_UNIT", unit_raw.is_null(), "unit missing"),
        ("DRUG_UNIT", unit_raw.is_not_null() & pl.col("__unit").is_null(), _reason("unknown unit '{}'", unit_raw)),
        ("DRUG_NAME", col["DRUG_NAME"].is_null(), "substance missing"),
        ("COUNTRY", country_raw.is_null(), "seizing country missing"),
        (
            "COUNTRY",
            country_raw.is_not_null() & pl.col("__country").is_null(),
            _reason("unknown country '{}'", country_raw),
        ),
        (
            "COUNTRY",
            pl.col("__country").is_in(_special_codes()),
            _reason("seizing country '{}' is not a country", country_raw),
        ),
    ]
    for raw, out in ROUTE_COLUMNS.items():
        checks.append((raw, pl.col(f"__{out}").is_null(), _reason("unknown country '{}'", col[raw])))

    masks = frame.select(
        expr.fill_null(False).alias(f"__check{i}") for i, (_column, expr, _reason) in enumerate(checks)
    )
    raw_columns = [c for c in frame.columns if not c.startswith("__")] + [ROW]
    for i, (column, _condition, reason) in enumerate(checks):
        mask = masks.get_column(f"__check{i}")
        if not mask.any():
            continue
        reason_expr = reason if isinstance(reason, pl.Expr) else pl.lit(reason)
        rejected = frame.filter(mask).select(*raw_columns, reason_expr.alias("__reason"))
        label = column if names[column].startswith("__") else names[column]
        quarantine.add_frame(rejected, ROW, label, pl.col("__reason"))
    return masks.select(pl.any_horizontal(pl.all())).to_series()


def _reason(template: str, *values: pl.Expr | str | int) -> pl.Expr:
    """A quarantine reason with the offending values filled in; a missing value reads as an empty string.

    Built with concat_str rather than pl.format, which panics in Polars 2.1 on filtered multi-chunk string columns
    such as the reader's.
    """
    pieces = template.split("{}")
    assert len(pieces) == len(values) + 1, template
    parts: list[pl.Expr] = [pl.lit(pieces[0])]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts.append(value.cast(pl.String).fill_null("") if isinstance(value, pl.Expr) else pl.lit(str(value)))
        parts.append(pl.lit(piece))
    return pl.concat_str(parts)


# ---- the canonical table -----------------------------------------------------------------------------------------
def _canonical(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    col = {c: pl.col(n) for c, n in names.items()}
    conveyance = _vocabulary(frame, names["TRANSPORT"], CONVEYANCE, CONVEYANCE_RULES)
    routing = _vocabulary(frame, names["ROUTING"], ROUTING, ROUTING_RULES)
    departure_known = ~pl.col("__departure_iso3").is_in(_special_codes())
    destination_known = ~pl.col("__destination_iso3").is_in(_special_codes())
    flags = [
        pl.when(pl.col("__month_only")).then(pl.lit("date_month_only")),
        pl.when(pl.col("__year_only")).then(pl.lit("date_year_only")),
        pl.when(pl.col("__date_assumed")).then(pl.lit("date_order_assumed")),
        pl.when(pl.col("__amount") == 0).then(pl.lit("zero_amount")),
        pl.when(pl.col("__kg").is_null()).then(pl.lit("unconvertible_unit")),
        # A route map needs both ends: "partial_route" rows name only one of them.
        pl.when(~departure_known & ~destination_known).then(pl.lit("no_route")),
        pl.when(departure_known ^ destination_known).then(pl.lit("partial_route")),
        pl.when(col["ROUTING"].is_null()).then(pl.lit("routing_missing")),
        pl.when(col["TRANSPORT"].is_null()).then(pl.lit("conveyance_missing")),
        # Kept as reported, but worth a second look (a unit slip of a thousand is the usual cause).
        pl.when(
            ((pl.lit(conveyance) == "air") & (pl.col("__kg") > CHECK_KG["air"]))
            | ((pl.lit(conveyance) == "mail_courier") & (pl.col("__kg") > CHECK_KG["mail_courier"]))
        ).then(pl.lit("check_amount")),
    ]
    return frame.select(
        pl.col(ROW).cast(pl.Int64).alias("source_row"),
        pl.col("__date").alias("seizure_date"),
        pl.col("__year").alias("year"),
        pl.when(pl.col("__year_only")).then(None).otherwise(pl.col("__date").dt.month()).cast(pl.Int8).alias("month"),
        pl.col("__country").alias("country_iso3"),
        _per_distinct(frame, names["REGION"], _clean_text(col["REGION"])).alias("unodc_region"),
        _per_distinct(frame, names["SUBREGION"], _clean_text(col["SUBREGION"])).alias("unodc_subregion"),
        _per_distinct(frame, names["ADMINISTRATIVE_DIVISION"], _clean_text(col["ADMINISTRATIVE_DIVISION"])).alias(
            "admin_division"
        ),
        _per_distinct(frame, names["PLACE"], _clean_text(col["PLACE"])).alias("place"),
        _per_distinct(frame, names["INSTALLATION"], _clean_text(col["INSTALLATION"], drop_not_known=True)).alias(
            "installation"
        ),
        pl.col("__substance").alias("substance"),
        col["DRUG_NAME"].alias("substance_as_reported"),
        pl.col("__substance_group").alias("substance_group"),
        pl.col("__substance_class").alias("substance_class"),
        pl.col("__amount").alias("amount"),
        pl.col("__unit").alias("unit"),
        col["DRUG_UNIT"].alias("unit_as_reported"),
        pl.col("__kg").alias("kg_equivalent"),
        pl.col("__kg_method").alias("kg_method"),
        pl.col("__is_plant_material").alias("is_plant_material"),
        conveyance.alias("conveyance"),
        col["TRANSPORT"].alias("conveyance_as_reported"),
        _per_distinct(frame, names["HIDING_PLACE"], _clean_text(col["HIDING_PLACE"], drop_not_known=True)).alias(
            "concealment"
        ),
        pl.col("__producing_iso3").alias("producing_iso3"),
        pl.col("__departure_iso3").alias("departure_iso3"),
        pl.lit(countries.UNKNOWN).alias("transit_iso3"),
        pl.col("__destination_iso3").alias("destination_iso3"),
        routing.alias("routing"),
        col["ROUTING"].alias("routing_as_reported"),
        _channel(frame, names).alias("channel"),
        pl.lit(DATA_SOURCE).alias("data_source"),
        pl.concat_str(flags, separator=";", ignore_nulls=True).alias("quality_flags"),
    )


def _vocabulary(
    frame: pl.DataFrame, column: str, known: dict[str, str], rules: tuple[tuple[str, str], ...]
) -> pl.Series:
    """A reported vocabulary mapped to canonical values through ``known``, then ``rules``, then ``other``; blank is
    ``unknown``. Mapped once per distinct value (there are about fifteen)."""
    mapping: dict[str, str] = {}
    for value in frame.get_column(column).drop_nulls().unique().to_list():
        key = " ".join(value.lower().split())
        mapping[value] = known.get(key) or next((out for pattern, out in rules if re.search(pattern, key)), "other")
    return frame.get_column(column).replace_strict(mapping, default="unknown", return_dtype=pl.String)


def _clean_text(expr: pl.Expr, *, drop_not_known: bool = False) -> pl.Expr:
    """Collapse runs of whitespace (the export has line breaks inside place names); optionally drop "Unknown"."""
    # Matching only runs and non-space whitespace leaves ordinary single spaces alone, which keeps this cheap.
    text = expr.str.replace_all(r"\s{2,}|[^\S ]", " ").str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    if drop_not_known:
        text = pl.when(text.str.to_lowercase().is_in(NOT_KNOWN)).then(None).otherwise(text)
    return text


def _channel(frame: pl.DataFrame, names: dict[str, str]) -> pl.Series:
    """The trade channel, only where a reported value says so; the first matching channel wins.

    Each of the four fields is reduced once per distinct value to bits (mail, e-commerce, free trade zone,
    transshipment, transit words), and the rows combine the bits.
    """
    bits = {
        c: _per_distinct(
            frame,
            names[c],
            sum(
                pl.col(names[c]).str.to_lowercase().str.contains(pattern).cast(pl.Int8) * bit
                for pattern, bit in (
                    (MAIL_WORDS, _MAIL),
                    (ECOMMERCE_WORDS, _ECOMMERCE),
                    (FTZ_WORDS, _FTZ),
                    (TRANSSHIP_WORDS, _TRANSSHIP),
                    ("transit", _TRANSIT),
                )
            ),
        ).fill_null(0)
        for c in ("TRANSPORT", "INSTALLATION", "HIDING_PLACE", "ROUTING")
    }
    transport, installation, hiding, routing = (pl.lit(b) for b in bits.values())
    goods = transport | installation | hiding  # what carried or held the goods
    anywhere = goods | routing

    def has(field: pl.Expr, bit: int) -> pl.Expr:
        return (field & bit) != 0

    return pl.select(
        pl.when(has(goods, _MAIL))
        .then(pl.lit("mail_courier"))
        .when(has(anywhere, _ECOMMERCE))
        .then(pl.lit("e_commerce"))
        # "Border - transit/free trade zone" merges two things, so on its own it does not prove a free trade zone.
        .when(has(installation | hiding, _FTZ) | (has(routing, _FTZ) & ~has(routing, _TRANSIT)))
        .then(pl.lit("free_trade_zone"))
        .when(has(anywhere, _TRANSSHIP))
        .then(pl.lit("transshipment"))
        .otherwise(None)
    ).to_series()


FORMAT = Format(
    name=FORMAT_NAME,
    kind="cases",
    description="UNODC Individual Drug Seizures export (COUNTRY;SEIZURE_DATE;DRUG_NAME;AMOUNT;DRUG_UNIT;...)",
    matches=matches,
    parse=parse,
    skip_identical_rows=False,  # e.g. 64 seizures of 7 g of coca paste in Girardot on 27 January 2015
)
