"""Segmentation and speaker attribution, on synthetic cases and on the real seeds."""

from __future__ import annotations

from lavrovkit.segment import Mention, attribute_speakers, paragraphs_of, quote_spans


def _attribute(text: str, mentions: list[Mention], **kw: object) -> list[tuple[str | None, bool, str]]:
    paras = paragraphs_of(text)
    # one sentence per paragraph is enough for these cases
    sents = [(i, p.start, p.end) for i, p in enumerate(paras)]
    return attribute_speakers(text, paras, sents, mentions, **kw)  # type: ignore[arg-type]


def test_transcript_turns_strip_labels_and_continue_over_paragraphs() -> None:
    text = ("Question: Will the presidents meet in January?\n\n"
            "Sergei Lavrov: We are ready for it.\n\n"
            "The American side knows this.\n\n"
            "Question: And the INF Treaty?")
    paras = paragraphs_of(text)
    assert [p.label for p in paras] == ["Question", "Sergei Lavrov", None, "Question"]
    assert text[paras[1].start:paras[1].end] == "We are ready for it."
    out = _attribute(text, [], normalise=lambda s: "Sergey Lavrov" if "Lavrov" in s else None)
    assert [o[0] for o in out] == ["question", "Sergey Lavrov", "Sergey Lavrov", "question"]
    assert {o[2] for o in out} == {"turn"}


def test_a_single_colon_label_is_not_a_transcript() -> None:
    text = "Kurds: the main issue.\n\nThe talks went on."
    assert [p.label for p in paragraphs_of(text)] == [None, None]


def test_quote_spans_pair_curly_and_straight_quotes_and_run_open_quotes_to_the_end() -> None:
    text = 'He said “we are ready” and "so are they". Then: "an open quote'
    spans = quote_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ["“we are ready”", '"so are they"', '"an open quote']


def test_quotes_are_attributed_by_reporting_verbs_pronouns_and_roles() -> None:
    text = ('"We have reached specific understandings on Syria," Lavrov said.\n\n'
            '"Experts will continue working on them next week," he added.\n\n'
            'The talks were long, Kerry told reporters.\n\n'
            '"The sides exchanged views on the situation in Syria," the ministry said.')
    lav = text.index("Lavrov")
    kerry = text.index("Kerry")
    ministry = text.index("the ministry")
    mentions = [Mention(lav, lav + 6, "Sergey Lavrov"), Mention(kerry, kerry + 5, "John Kerry"),
                Mention(ministry, ministry + 12, "Russian Foreign Ministry", kind="org")]
    out = _attribute(text, mentions)
    assert out[0] == ("Sergey Lavrov", True, "quote")
    # "he" points back to the last person named before it: Lavrov
    assert out[1] == ("Sergey Lavrov", True, "quote")
    assert out[2] == (None, False, "none")
    assert out[3] == ("Russian Foreign Ministry", True, "quote")


def test_scare_quotes_are_not_speech() -> None:
    text = 'Russia is not interested in new “missile crises.”'
    assert _attribute(text, [])[0] == (None, False, "none")


def test_speech_with_catalog_speaker_is_all_his_words() -> None:
    text = "We gathered here today.\n\nThe United Nations must be reformed."
    out = _attribute(text, [], doc_speaker="Sergey Lavrov", genre="speech")
    assert out == [("Sergey Lavrov", False, "catalog")] * 2


def test_seed_speakers(seeds) -> None:  # type: ignore[no-untyped-def]
    s = seeds.sentences
    by_doc = s.groupby("doc_id")["speaker"].apply(lambda x: set(x.dropna()))
    # Lavrov's own words in every seed but 001, where the ministry's statement speaks
    for doc in ["000", "002", "003", "004"]:
        assert "Sergey Lavrov" in by_doc[doc], doc
    # the transcript: questions and Lavrov's answers, nothing else
    t = s[s.doc_id == "004"]
    assert set(t.speaker.dropna()) == {"question", "Sergey Lavrov"}
    # its title line is narration and a heading; every sentence of a turn has a speaker
    title = t.iloc[0]
    assert title.speaker is None and title.text.startswith("Foreign Minister Sergey Lavrov")
    paras = seeds.paragraphs[seeds.paragraphs.doc_id == "004"]
    assert paras.iloc[0].is_heading and not paras.iloc[1:].is_heading.any()
    assert t.iloc[1:].speaker.notna().all()
    first_answer = t[t.speaker == "Sergey Lavrov"].iloc[0]
    assert first_answer.text.startswith("We have grown used to the fact")
    # 001: the ministry's statement quotes are the ministry's, not Lavrov's own words
    d1 = s[(s.doc_id == "001") & s.is_quote]
    assert len(d1) >= 3
    assert set(d1.speaker) == {"Russian Foreign Ministry"}
    # 000: the quotations are Lavrov's
    q0 = s[(s.doc_id == "000") & s.is_quote]
    assert len(q0) >= 8 and set(q0.speaker) == {"Sergey Lavrov"}
    # narration is nobody's words
    lead = s[(s.doc_id == "000")].iloc[0]
    assert lead.speaker is None and not lead.is_quote
    # 002: Kerry is reported, never quoted; de Mistura's ideas are told by Lavrov
    q2 = s[(s.doc_id == "002") & s.is_quote]
    assert set(q2.speaker) == {"Sergey Lavrov"}


def test_own_words_are_one_selectable_unit(seeds) -> None:  # type: ignore[no-untyped-def]
    own = seeds.own_words()
    assert set(own.speaker) == {"Sergey Lavrov"}
    assert set(own.doc_id) == {"000", "002", "003", "004"} | ({"001"} & set(own.doc_id))
    assert own.equals(seeds.own_words("lavrov")) and own.equals(seeds.own_words("Sergei Lavrov"))
    assert "There are many irritants in Russian-US relations" in " ".join(own.text)


def test_inside_a_turn_quotes_stay_the_speakers_unless_the_text_names_who_said_them() -> None:
    text = ("Question: What did Washington say?\n\n"
            "Sergey Lavrov: “We will not accept any pressure on our partners,” Marco Rubio said yesterday. "
            "We have heard this many times. “Those who seek dialogue will find us ready for it,” "
            "as we have always said.")
    rubio = text.index("Marco Rubio")
    paras = paragraphs_of(text)
    answer = paras[1]
    first_end = text.index("yesterday.") + len("yesterday.")
    second_start = text.index("We have heard")
    third_start = text.index("“Those who")
    sents = [(0, paras[0].start, paras[0].end), (1, answer.start, first_end), (1, second_start, third_start - 1),
             (1, third_start, answer.end)]
    out = attribute_speakers(text, paras, sents, [Mention(rubio, rubio + 11, "Marco Rubio")],
                             normalise=lambda s: s)
    assert out[0] == ("question", False, "turn")
    assert out[1] == ("Marco Rubio", True, "quote")          # attributed by name: Rubio's words
    assert out[2] == ("Sergey Lavrov", False, "turn")
    assert out[3] == ("Sergey Lavrov", False, "turn")        # a quotation nobody else is named for: his own


def test_the_word_lists_live_once_in_lang_en() -> None:
    """Labels, segmentation, chrome and wrap use the lists of lavrovkit.lang.en, not copies of them."""
    from lavrovkit import chrome, clean, labels, meta, segment, wrap
    from lavrovkit.lang import en, language

    assert language("en") is en
    assert segment.GENERIC_LABELS is labels.GENERIC_LABELS is en.GENERIC_LABELS
    assert segment.GENERIC_SPEAKERS is en.GENERIC_SPEAKERS == frozenset(en.GENERIC_LABELS.values())
    assert segment.ROLE_WORDS is en.ROLE_WORDS and en.ROLE_WORDS == en.ROLE_TITLES | en.ROLE_BODIES
    assert wrap.FUNCTION_WORDS is en.FUNCTION_WORDS
    assert clean.CHROME_RULES is chrome.CHROME_RULES
    assert [name for name, _ in chrome.CHROME_RULES] == [name for name, _ in en.CHROME_PATTERNS]
    assert meta.CHROME is chrome.CHROME_START
    assert all(verb in segment.REPORTING_VERBS.split("|") for verb in en.REPORTING_VERBS)


def test_an_unknown_language_is_a_parameter_error() -> None:
    import pytest

    from lavrovkit.errors import ParameterError
    from lavrovkit.lang import language

    with pytest.raises(ParameterError, match="lavrovkit/lang/xx.py"):
        language("xx")


def test_a_role_word_for_a_body_opens_no_role_phrase() -> None:
    """role_persons starts at a person's title ("President"), never at a body ("Council") or an ordinary word."""
    from lavrovkit.labels import _ROLE_START, role_persons

    text = "A Major Event: Governor of Chelyabinsk Region Boris Dubrovsky replied."
    assert [(name, role) for _, _, name, role in role_persons(text)] == [
        ("Boris Dubrovsky", "Governor of Chelyabinsk Region")]
    assert [m.group() for m in _ROLE_START.finditer("Council Member Major Governor Region Moderator")] == [
        "Governor", "Moderator"]


def test_institutions_one_list_for_mentions_and_speakers() -> None:
    """The institutions that speak ("the ministry said") and those named in text come from one list."""
    from lavrovkit.segment import INSTITUTION_NAMES, ORG_SPEAKER

    text = ("The Chinese Foreign Ministry said talks would go on. The US State Department and the Kremlin "
            "disagreed; the Pentagon was silent. Russia's Defence Ministry said nothing.")
    assert [m.group() for m in INSTITUTION_NAMES.finditer(text)] == [
        "The Chinese Foreign Ministry", "The US State Department", "the Kremlin", "the Pentagon",
        "Russia's Defence Ministry"]
    assert ORG_SPEAKER.search("the Chinese Foreign Ministry said").group() == "the Chinese Foreign Ministry"
    assert ORG_SPEAKER.search("the embassy said").group() == "the embassy"


def test_a_quotation_the_foreign_ministry_of_another_country_gives_is_theirs() -> None:
    text = "“We call on all sides to show restraint and return to talks,” the Chinese Foreign Ministry said."
    assert _attribute(text, [])[0][:2] == ("Chinese Foreign Ministry", True)


def test_russian_turns_are_read_with_the_russian_words_and_english_with_the_english() -> None:
    ru = "Вопрос: Вы встретитесь с госсекретарем?\n\nС.В.Лавров: Мы готовы.\n\nРеплика: Спасибо."
    assert [(p.label, p.speaker) for p in paragraphs_of(ru)] == [
        ("Вопрос", "question"), ("С.В.Лавров", "С.В.Лавров"), ("Реплика", "remark")]
    assert [p.speaker for p in paragraphs_of(ru, "ru")] == [p.speaker for p in paragraphs_of(ru)]
    en = "Question: Will you meet?\n\nSergey Lavrov: We are ready."
    assert paragraphs_of(en, "en") == paragraphs_of(en)
    assert "question" not in [p.speaker for p in paragraphs_of(ru, "en")]  # English words do not read "Вопрос:"


def test_russian_quotations_are_attributed_by_russian_reporting_verbs() -> None:
    text = ("Министр иностранных дел России Сергей Лавров провел переговоры.\n\n"
            "«Мы не будем разговаривать языком ультиматумов ни с кем», — подчеркнул он.")
    lavrov = Mention(text.index("Сергей Лавров"), text.index("Сергей Лавров") + 13, "Sergey Lavrov")
    assert _attribute(text, [lavrov]) == [(None, False, "none"), ("Sergey Lavrov", True, "quote")]
    assert _attribute(text, [lavrov], lang="en")[1] == (None, True, "unattributed")  # "подчеркнул" is no English verb


def test_a_briefings_unlabelled_monologue_is_the_briefers_and_its_headings_stay_headings() -> None:
    from lavrovkit.segment import own_words

    text = ("Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, April 5, 2018\n\n"
            "On the Salisbury incident\n\n"
            "London has still not presented any evidence. We demand access to the investigation.\n\n"
            "On the situation in Syria\n\n"
            "The humanitarian corridors in Eastern Ghouta are working.\n\n"
            "Answers to media questions:\n\n"
            "Question: How would you comment on the expulsion of Russian diplomats?\n\n"
            "Maria Zakharova: It is an unfriendly step. We will respond in kind.")
    out = _attribute(text, [], doc_speaker="Maria Zakharova", genre="transcript")
    assert [o[0] for o in out] == [None, None, "Maria Zakharova", None, "Maria Zakharova", None, "question",
                                   "Maria Zakharova"]
    assert [o[2] for o in out] == ["none", "none", "catalog", "none", "catalog", "none", "turn", "turn"]
    assert own_words(text, paragraphs_of(text), "Maria Zakharova", "news report") == set()  # a report about it
    assert own_words(text, paragraphs_of(text), None, "transcript") == set()  # no one named to give them to


def test_only_a_briefings_title_makes_unlabelled_paragraphs_the_speakers() -> None:
    text = ("Meeting with Foreign Minister Sergey Lavrov\n\n"
            "Vladimir Putin held a working meeting with Sergey Lavrov.\n\n"
            "Vladimir Putin: Good afternoon.\n\nSergey Lavrov: Thank you.")
    out = _attribute(text, [], doc_speaker="Vladimir Putin", genre="transcript")
    assert out[1] == (None, False, "none")  # the Kremlin's narration, as before


def test_an_english_ministry_statement_is_the_ministrys_voice() -> None:
    from lavrovkit.meta import guess_metadata

    text = ("Foreign Ministry statement on the situation around the INF Treaty\n\n"
            "Washington has announced the suspension of its obligations under the Treaty. This decision is deeply "
            "regrettable.\n\n"
            "“Russia has been violating the treaty for years,” US Secretary of State Mike Pompeo said.")
    g = {x["field"]: x["value"] for x in guess_metadata(text)}
    assert (g["genre"], g["speaker"]) == ("statement", "Russian Foreign Ministry")
    pompeo = Mention(text.index("Mike Pompeo"), text.index("Mike Pompeo") + 11, "Mike Pompeo")
    out = _attribute(text, [pompeo], doc_speaker=g["speaker"], genre=g["genre"])
    assert out == [(None, False, "none"), ("Russian Foreign Ministry", False, "catalog"),
                   ("Mike Pompeo", True, "quote")]
    comment = "Comment by Foreign Ministry Spokeswoman Maria Zakharova on the expulsion of Russian diplomats"
    g = {x["field"]: x["value"] for x in guess_metadata(comment + "\n\nThis is an unfriendly step.")}
    assert (g["genre"], g["speaker"]) == ("statement", "Maria Zakharova")
    said = comment + "\n\nThis is an unfriendly step.\n\n“We had no other choice but to respond to the actions of Moscow,” Rubio said."
    rubio = Mention(said.index("Rubio said"), said.index("Rubio said") + 5, "Marco Rubio")
    assert [o[0] for o in _attribute(said, [rubio], doc_speaker="Maria Zakharova", genre="statement")] == [
        None, "Maria Zakharova", "Marco Rubio"]
    # a catalog's institution speaker alone changes nothing in English
    plain = "The talks were useful.\n\n“We are ready,” Pompeo said, “whatever happens next.”"
    assert _attribute(plain, [], doc_speaker="Russian Foreign Ministry", genre="statement")[0][2] == "catalog"
