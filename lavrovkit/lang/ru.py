"""Russian words that English texts borrow: month names in the genitive, as Russian datelines write them.

A full Russian language module would define the names of :mod:`lavrovkit.lang.en`; so far the kit reads
English texts only, and this module holds what those texts take from Russian.

>>> MONTHS["марта"]
3
"""

from __future__ import annotations

#: Month names in the genitive ("9 марта 2017") -> month number.
MONTHS: dict[str, int] = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
