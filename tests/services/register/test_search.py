"""Folding: case, Kazakh letters and Russian look-alikes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zhoob_desktop.services.register.search import fold, fold_parts, name_key, prefix_bounds


def test_kazakh_letters_fold_to_russian_lookalikes():
    assert fold("ҚАСЫМОВ") == fold("Касымов") == "касымов"
    assert fold("Өспан") == fold("оспан")
    assert fold("Ғалымжан Әбілқайыр Үмбетұлы") == "галымжан абилкайыр умбетулы"
    assert fold("Һәкім Ңң Ёлкин") == "хаким нн елкин"


def test_spaces_collapsed_and_latin_lookalikes_in_cyrillic_words():
    assert fold("  Абай   Қ. ") == "абай к."
    assert fold("Aбай") == "абай"  # Latin A typed into a Cyrillic word
    assert fold("Smith") == "smith"  # a Latin word stays Latin


def test_name_key_ignores_punctuation_and_case():
    assert name_key("Абай көшесі.") == name_key("  абай  КӨШЕСІ ")
    assert name_key("ул. Абая") != name_key("Абай көшесі")


def test_prefix_bounds_cover_exactly_the_prefix():
    low, high = prefix_bounds("кас")
    assert low <= "касымов" < high
    assert not ("кат" < high and "кат" >= low)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="АаӘәБбҒғҚқКкӨөОоҰұҮүУуІіИиҢңНнҺһХхЁёЕе AaKkOo-"))
def test_fold_is_idempotent_and_lookalike_blind(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(text.upper()) == folded
    assert not set(folded) & set("әғқңөұүһіё")


_PART = st.text(alphabet="АаӘәҚқКкӨөІіИиҢңXxAaKkOoSs \t\u00a0.-ßΣς1", max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PART, min_size=1, max_size=4))
def test_a_full_name_folds_as_its_parts_do(parts):
    # Imports fold surname, given name and patronymic one by one (remembering each): the same key.
    assert fold_parts(*parts) == fold(" ".join(parts))


def test_fold_parts_with_mixed_scripts_and_empty_parts():
    assert fold_parts("Smith", "Aбай", "") == fold("Smith Aбай ") == "smith абай"
    assert fold_parts("", "  Қасым  ", "Ұлы") == fold(" Қасым Ұлы") == "касым улы"
