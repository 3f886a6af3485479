"""The ordinary openings and closings of a chat session are not farewells.

Before writer-session joined the corpus, the shipped model read 7 to 9 of these 20 lines as a
high-level farewell, which would have sent a safety alert at the end of every session. None of
these lines is in the corpus (they were written for this test after the data was).
"""

import pytest

from crisis import assess

CLOSINGS = [
    "see you all on thursday, thanks for tonight",
    "thank you all for listening tonight",
    "thanks everyone, this helped a lot tonight",
    "good night all, see you next week",
    "bye everyone, take care of yourselves this week",
    "thanks for having me tonight, first time here",
    "i have to go pick up my kids, bye all",
    "see you tomorrow at the same time",
    "gotta run, thanks for the chat",
    "thank you for tonight, i feel lighter",
    "take care everyone, see you sunday",
    "night night all 💜",
    "logging off now, thanks for listening",
    "that's all from me tonight, thank you",
    "tonight was a good session, thank you",
    "thanks for holding space tonight",
    "goodbye for now, i'll be back thursday",
    "i'm heading to bed, good night everyone",
    "thank you all, this group means a lot to me",
    "see you all next time",
]

FAREWELLS = [
    "thank you all for everything. you won't need to worry about me after tonight",
    "this is my last message here. please take care of my cat for me, goodbye",
]


def test_at_most_one_ordinary_closing_line_in_twenty_reads_as_a_crisis():
    flagged = [line for line in CLOSINGS if assess(line, lang="en").is_crisis]

    assert len(flagged) <= 1, flagged


@pytest.mark.parametrize("line", FAREWELLS)
def test_a_goodbye_that_carries_risk_still_does(line):
    result = assess(line, lang="en")

    assert result.is_crisis
    assert result.level == "high"


@pytest.mark.parametrize(
    "line",
    [
        "Checking in, 40",
        "checking in, rel:28:40",
        "the session starts at 6:40 tonight",
        "see you at 11:40 on the platform for the group walk",
        "my appointment with the lawyer is on 23/11 at 10:40",
    ],
)
def test_a_number_or_a_time_is_not_a_plan(line):
    """Numbers are not features: a model that learned ":40" (the corpus's trains leave at 11:40)
    alerted on every line holding it."""
    assert not assess(line, lang="en").is_crisis


def test_a_plan_with_a_time_still_reads_as_one():
    result = assess("the last train is at 11:40 and i'll be on the tracks", lang="en")

    assert result.is_crisis and result.category == "plan"
