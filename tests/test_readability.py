"""LIX on texts counted by hand: words per sentence + percentage of words over six letters."""

from lika.lib import readability as r


def test_a_simple_text_counted_by_hand():
    # 9 words, 2 sentences, no word over six letters: 9/2 + 0 = 4.5
    result = r.readability("Jag heter Anna. Jag bor i en liten stad.")
    assert (result.words, result.sentences, result.long_words, result.lix) == (9, 2, 0, 4.5)
    assert result.level == "very_easy"


def test_long_words_are_those_over_six_letters():
    # språkcaféer, nyanlända, lånekort are long; "lånekort" has 8 letters, "vecka" 5: 10 words, 2 sentences, 3 long
    result = r.readability("Vi har haft språkcaféer varje vecka. Fler nyanlända har lånekort.")
    assert (result.words, result.sentences, result.long_words) == (10, 2, 3)
    assert result.lix == 35.0  # 5 + 30
    assert result.level == "easy"


def test_official_prose_is_very_hard():
    # 7 words, 2 sentences, 6 long (all but "om"): 3.5 + 85.7 = 89.2
    result = r.readability("Kommunfullmäktige beslutade om handlingsplanen. Förvaltningarna rapporterar årligen.")
    assert result.lix == 89.2
    assert result.level == "very_hard"


def test_a_known_paragraph_from_the_plan():
    text = (
        "Helsingborg ska vara en stad för alla. Alla ska ha samma möjligheter i livet. "
        "Staden arbetar för att minska skillnaderna mellan människor."
    )
    # sentences: 7 + 7 + 8 = 22 words; long: Helsingborg, möjligheter, arbetar, skillnaderna, människor = 5
    result = r.readability(text)
    assert (result.words, result.sentences, result.long_words) == (22, 3, 5)
    assert result.lix == round(22 / 3 + 100 * 5 / 22, 1)  # 7.3 + 22.7 = 30.1


def test_abbreviations_do_not_end_sentences_and_count_as_one_word():
    result = r.readability("Vi har t.ex. haft möten, bl.a. i maj. Det gick bra!")
    assert result.sentences == 2
    assert result.words == 11


def test_the_levels_in_words():
    assert [r.level_of(v) for v in (20, 30, 45, 55, 60, 75)] == [
        "very_easy", "easy", "medium", "hard", "very_hard", "very_hard"
    ]


def test_the_longest_sentences_come_first():
    result = r.readability("Kort mening. " + "Här är en mening som är betydligt längre än den första. " + "Mellan lång mening här.")
    assert [s.words for s in result.longest] == [11, 4, 2]
    assert result.longest[0].text.startswith("Här är en mening")


def test_an_empty_text_says_why_there_is_no_figure():
    for text in ("", "   \n ", None):
        result = r.readability(text)
        assert result.lix is None and result.problem == r.NO_TEXT


def test_a_text_without_words_says_why():
    result = r.readability("2023 – 2025: 12 %")
    assert result.lix is None and result.problem == r.NO_WORDS


def test_a_text_without_sentence_marks_is_one_sentence_with_a_warning():
    result = r.readability("ord utan någon punkt alls här")
    assert result.sentences == 1 and result.lix is not None
    assert r.NO_SENTENCE_MARKS in result.warnings


def test_a_400_word_sentence_gets_a_figure_and_a_warning():
    result = r.readability(" ".join(["ord"] * 400) + ".")
    assert result.lix == 400.0 and result.level == "very_hard"
    assert r.VERY_LONG_SENTENCES in result.warnings
    assert result.longest[0].words == 400


def test_english_in_a_swedish_field_is_flagged():
    result = r.readability("The plan is for all of us. It is what the city has to do for the people.")
    assert r.MAYBE_ENGLISH in result.warnings
    swedish = r.readability("Planen är för oss alla. Det är vad staden ska göra för invånarna och det är bra.")
    assert r.MAYBE_ENGLISH not in swedish.warnings


def test_paragraphs_without_full_stops_are_sentences_of_their_own():
    result = r.readability("Rubrik utan punkt\n\nEn mening här. En till.")
    assert result.sentences == 3


def test_the_callers_text_is_not_changed():
    text = "Vi har t.ex. haft möten."
    r.readability(text)
    assert text == "Vi har t.ex. haft möten."
