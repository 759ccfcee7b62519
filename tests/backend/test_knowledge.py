"""The knowledge table: lookups in the shipped table, and the builder that makes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sourcelight.cli import main as cli_main
from sourcelight.stages.knowledge import build_knowledge, knowledge
from sourcelight.stages.knowledge.knowledge import Knowledge, normalise, squash


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The New York Times", "new york times"),
        ("AT&T", "at and t"),
        ("Médecins Sans Frontières", "medecins sans frontieres"),
        ("the ministry's", "ministry"),
        ("al-Qaida", "al qaida"),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_squash_spells_a_domain_label():
    assert squash("Fox News") == "foxnews"


@pytest.mark.parametrize(
    "name, label, kind",
    [
        ("Securities and Exchange Commission", "ORG", "regulator"),
        ("the U.S. Securities and Exchange Commission", "ORG", "regulator"),  # "U.S." prefix
        ("SEC", "ORG", "regulator"),  # acronym
        ("Department of Justice", "ORG", "government"),  # "Justice Department" reordered
        ("RT", "ORG", "state_media"),
        ("Xinhua", "ORG", "state_media"),
        ("Fox News", "ORG", "media_outlet"),  # by its domain, foxnews.com
        ("CNN", "ORG", "media_outlet"),  # an upper-case domain label
        ("United Nations", "ORG", "international_org"),
        ("NATO", "ORG", "international_org"),
        ("Hamas", "ORG", "militant_group"),
        ("Goldman Sachs", "ORG", "company"),
        ("Harvard University", "ORG", "university"),
        ("Democratic Party", "ORG", "party"),
        ("Donald Trump", "PERSON", "politician"),
        ("Donald J. Trump", "PERSON", "politician"),  # a middle initial the table does not key
        ("CBS", "ORG", "media_outlet"),  # the US network (cbsnews), not Cambodia's state broadcaster
        ("NBC", "ORG", "media_outlet"),
        ("PG&E", "ORG", "company"),  # capitals with an ampersand: no acronym entry, its name's ("pg and e")
    ],
)
def test_shipped_table_types_well_known_names(name, label, kind):
    entry = knowledge.lookup(name, label)
    assert entry is not None and entry.type == kind


@pytest.mark.parametrize(
    "name, label",
    [
        ("is", None),  # the word, not the acronym "IS"
        ("Donald Trump", "ORG"),  # a person entry never types an organisation
        ("Goldman Sachs", "PERSON"),  # nor an organisation entry a person
        ("Zzyzx Qwerty Institute", None),
    ],
)
def test_no_entry(name, label):
    assert knowledge.lookup(name, label) is None


def test_table_is_loaded_once():
    assert knowledge.table() is knowledge.table()
    assert len(knowledge.table().rows) > 10_000


def write_tiny_inputs(data: Path) -> None:
    """One or two rows per input table, in each table's real format."""
    k, o = data / "knowledge", data / "outlets"
    k.mkdir(parents=True)
    o.mkdir()
    (k / "supraverden-intl-orgs.yaml").write_text(
        "World Health Organization:\n  Name_en: World Health Organization\n  Abbreviation_en: WHO\n")
    (k / "us-federalregister-agencies.json").write_text(
        '[{"name": "Justice Department", "short_name": "DOJ", "parent_id": null, "description": "counsel"},'
        ' {"name": "Securities and Exchange Commission", "short_name": "SEC", "parent_id": null,'
        ' "description": "It regulates securities markets."}]')
    (k / "state-media-matrix.csv").write_text(
        "Region,Country,Media company,Main assets,URL,Typology\n"
        "Asia,China,Xinhua (New China News Agency),News agency: Xinhua,http://www.xinhuanet.com/,SC\n"
        "Europe,UK,British Broadcasting Corporation (BBC),BBC One,https://www.bbc.co.uk/,ISFM\n")
    (k / "ucdp-actor-221.csv").write_text(
        "\ufeffActorId,NameData,NameOrig,NameOrigFullEng,NewName,NewNameFullEng,Org\n"
        "209,Hamas,Hamas,Islamic Resistance Movement,,,1\n3,Government of X,Government of X,n/a,,,4\n",
        encoding="utf-8")
    (k / "us-legislators-current.yaml").write_text(
        "- name:\n    first: Bernard\n    last: Sanders\n    nickname: Bernie\n    official_full: Bernard Sanders\n")
    (k / "us-executive.yaml").write_text("[]\n")
    (k / "sp500-constituents.csv").write_text("Symbol,Security\nGS,Goldman Sachs Group Inc.\n")
    (k / "partyfacts-core-parties.csv").write_text(
        "country,partyfacts_id,technical,name_short,name,name_english\nUSA,432,,Dem,Democratic Party,Democratic Party\n")
    (k / "partyfacts-wikidata.csv").write_text("country,partyfacts_id,wikidata_id,name\n")
    (k / "hipo-universities.json").write_text('[{"name": "Harvard University"}]')
    (o / "mbfc.csv").write_text(
        "source,media_type\nfoxnews.com,tv station/website\naclu.org,organization/foundation\n"
        "congress.gov,website\n")
    (o / "domain_pc1.csv").write_text("domain,pc1\nfoxnews.com,0.2\nnewsweek.com,0.5\n")


def test_builder_types_each_input_table(tmp_path: Path):
    write_tiny_inputs(tmp_path / "data")
    out = tmp_path / "knowledge.tsv.gz"
    assert cli_main(["data", "knowledge", "--data", str(tmp_path / "data"), "--out", str(out)]) == 0
    table = Knowledge.load(out)
    expect = {
        "WHO": "international_org", "Department of Justice": "government", "DOJ": "government",
        "SEC": "regulator", "Xinhua": "state_media", "New China News Agency": "state_media",
        "BBC": "media_outlet", "Islamic Resistance Movement": "militant_group",
        "Bernie Sanders": "politician", "Goldman Sachs": "company", "Democratic Party": "party",
        "Harvard University": "university", "Fox News": "media_outlet", "ACLU": "ngo_monitor",
        "Congress": "government", "Newsweek": "media_outlet",
    }
    assert {name: getattr(table.lookup(name), "type", None) for name in expect} == expect
    assert table.lookup("Government of X") is None  # UCDP governments are not armed groups
    assert table.lookup("Fox News").dataset == "mbfc"  # the first dataset wins a key


def test_builder_output_is_reproducible(tmp_path: Path):
    write_tiny_inputs(tmp_path / "data")
    outs = [tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"]
    for out in outs:
        build_knowledge.main(["--data", str(tmp_path / "data"), "--out", str(out)])
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_builder_refuses_missing_inputs(tmp_path: Path, capsys):
    with pytest.raises(SystemExit):
        build_knowledge.main(["--data", str(tmp_path), "--out", str(tmp_path / "k.tsv.gz")])
    assert "missing input tables" in capsys.readouterr().err


def test_shipped_table_is_what_the_builder_makes_from_shared_data(data_dir: Path, tmp_path: Path):
    if not (data_dir / "knowledge").is_dir():
        pytest.fail(f"shared data not found at {data_dir} (set SOURCELIGHT_DATA_DIR)")
    out = tmp_path / "knowledge.tsv.gz"
    build_knowledge.main(["--data", str(data_dir), "--out", str(out)])
    assert out.read_bytes() == knowledge.DEFAULT_TABLE.read_bytes()



def test_lookup_tail_finds_an_outlet_behind_a_place():
    """ "Sioux Falls Argus Leader": the last two or more words name the outlet; the last
    word alone is never looked up ("Leader" is a word, not a name)."""
    from sourcelight.stages.knowledge.knowledge import Entry

    table = Knowledge({"domain:argusleader": Entry("argusleader.com", "media_outlet", "mbfc", "domain"),
                       "name:leader": Entry("Leader", "party", "partyfacts", "name")})
    assert table.lookup_tail("Sioux Falls Argus Leader").name == "argusleader.com"
    assert table.lookup_tail("Sioux Falls Leader") is None
    assert table.lookup_tail("Leader").type == "party"  # a one-word name is looked up whole
    assert knowledge.lookup_tail("Sioux Falls Argus Leader").type == "media_outlet"  # the shipped table
