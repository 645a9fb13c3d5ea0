import pytest

from lanhdao.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng ủy phường", "dang uy phuong"),
        ("ĐỔI MỚI  phương thức\tlãnh đạo", "doi moi phuong thuc lanh dao"),
        ("dang uy phuong", "dang uy phuong"),
        ("Thành ủy Sông Công", "thanh uy song cong"),
        ("Nghị quyết 05-NQ/TU", "nghi quyet 05-nq/tu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_diacritics_and_folds_d(text, folded):
    assert fold(text) == folded


def test_fold_handles_precomposed_and_decomposed_forms_alike():
    import unicodedata

    word = "Đảng ủy Phường Quán Triều"
    assert fold(unicodedata.normalize("NFC", word)) == fold(unicodedata.normalize("NFD", word))
