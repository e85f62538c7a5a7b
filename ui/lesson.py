"""The 15-minute lesson: each step a link that holds all its settings, so one click opens it.

The links name every setting (not only those that differ from today's defaults), so a step
still shows what its text promises if a default changes. tests/test_lesson.py opens each link
and checks that promise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ui.i18n import N_

# The lesson's experiment: a mixture model learning three groups, the rightmost one rare,
# repeated 20 times so that the class can speak in odds.
# The extension's experiment: the tiny neural network at its page's defaults, every one named.
NAMES = {"c": "names", "g": "30", "n": "500", "h": "0", "hd": "original", "sc": "replace",
         "t": "1", "r": "1", "seed": "0", "ctx": "3", "hu": "64", "tk": "all"}
# A Chinese class's: the same network on Chinese words (the page's list for a Chinese reader).
ZH_WORDS = {**NAMES, "c": "zh-words"}
# The default page (About links to it apart: app_pages/about.py says why).
HOME = "app_pages/home.py"
RARE_GROUP = {"m": "mixture", "src": "three-modes", "k": "3", "g": "100", "n": "100", "h": "0",
              "hd": "original", "sc": "replace", "t": "1", "r": "20", "seed": "0"}
# The step about people: the hiring page at its defaults, every setting named.
HIRING = {"lab": "argmax", "ms": "20", "sg": "0", "rb": "0", "lv": "0", "hb": "0", "g": "20",
          "n": "1000", "h": "0", "hd": "original", "sc": "replace", "t": "1", "r": "10",
          "seed": "0"}


@dataclass(frozen=True)
class Link:
    """A link of a lesson step: its label (an English message), page and settings."""

    label: str
    page: str
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One step of the lesson: minutes, title, what the teacher does (English messages)."""

    minutes: int
    title: str
    text: str
    links: tuple[Link, ...]
    # For a Chinese class, where they differ (its text's translation speaks of them).
    chinese_links: tuple[Link, ...] = ()

    def links_for(self, language: str) -> tuple[Link, ...]:
        """The links a class in `language` opens."""
        return self.chinese_links if language == "zh" and self.chinese_links else self.links

    def every_link(self) -> tuple[Link, ...]:
        """The links of every language."""
        return (*self.links, *self.chinese_links)


LESSON = (
    Step(2, N_("Hook"), N_(
        "The photocopy of a photocopy. On the Home page, drag the slider from generation 0 to "
        "100: over the copies the curve grows narrower and taller, with ups and downs along "
        "the way."),
         (Link(N_("Home, at generation 0"), HOME, {"gen": "0"}),)),
    Step(3, N_("Predict"), N_(
        "Open the experiment, projected: a mixture of bell curves learns three groups of "
        "values; the group on the right holds only 10%. Everyone writes down: after 100 "
        "generations, what happens to the small group? To the spread?"),
         (Link(N_("Three groups, at generation 0, present mode"), "app_pages/bell.py",
               {**RARE_GROUP, "at": "0", "present": "1"}),)),
    Step(3, N_("Play"), N_(
        "On the projected page, press **Play** and read the sentence under the chart. Then open "
        "*Rare group* (this step's link opens it): in most of the 20 runs the small group is "
        "lost by generation 100, and the sentence says in how many. The shaded band, where 80% "
        "of the runs are, climbs to 100%: in a few runs the small group took over instead, "
        "and in the one or two left it is still there. Vanishing or taking over, the human "
        "data's mix of groups is lost either way."),
         (Link(N_("The rare group in 20 runs"), "app_pages/bell.py",
               {**RARE_GROUP, "v": "Rare group", "present": "1"}),)),  # on the projected page
    Step(4, N_("Change one thing"), N_(
        "Each group opens one remedy and shares its page's address with the class. With some "
        "human data kept, or fresh human data added, the small group is lost in few runs or "
        "none: in many it dips and comes back (the sentence counts both), and the typical run "
        "still has it at generation 100. Accumulating all data never loses it. A lower "
        "temperature makes the model play it safe: it picks its likeliest values even more "
        "often than it learned them. It is no remedy: it loses the "
        "small group about as often as pure self-training."),
         (Link(N_("Keep 10% original"), "app_pages/bell.py",
               {**RARE_GROUP, "h": "10", "v": "Rare group"}),
          Link(N_("10% fresh human data"), "app_pages/bell.py",
               {**RARE_GROUP, "h": "10", "hd": "fresh", "v": "Rare group"}),
          Link(N_("Accumulate all data"), "app_pages/bell.py",
               {**RARE_GROUP, "sc": "accumulate", "v": "Rare group"}),
          Link(N_("Low temperature"), "app_pages/bell.py",
               {**RARE_GROUP, "t": "0.8", "v": "Rare group"}))),
    Step(3, N_("Discuss"), N_(
        "Compare the remedies side by side, filtering AI content among them, each run many "
        "times, and discuss the questions below."),
         (Link(N_("Compare the remedies"), "app_pages/compare.py",
               {"m": "mixture", "src": "three-modes", "g": "100", "n": "100", "r": "10",
                "x": "10", "seed": "0"}),)),
    Step(3, N_("Going further: people"), N_(
        "Amplification of bias, in decisions about people. On *Who gets left out?* a screening "
        "model learns from last year's model's hiring decisions instead of people's. Press "
        "**Play**: it hires fewer and fewer, and the smaller group loses most: after 20 "
        "generations it hires under half as many of them as people would. Then open the "
        "second link: accumulating all data keeps both groups' hiring rates where generation "
        "0 put them, which is already below people's rates, most of all for the smaller group "
        "(the page explains why)."),
         (Link(N_("Who gets left out?, present mode"), "app_pages/hiring.py",
               {**HIRING, "at": "0", "present": "1"}),
          Link(N_("Hiring, accumulating all data"), "app_pages/hiring.py",
               {**HIRING, "sc": "accumulate"}))),
    Step(3, N_("Extension: a real neural network"), N_(
        "Someone will ask whether real AI does this. Open the tiny neural network, projected, "
        "and press **Play**: at generation 0 it invents varied, plausible names; thirty "
        "generations later it writes one name over and over, and letters such as q, x and z "
        "are gone. Its last view quotes what published studies found with real "
        "language models."),
         (Link(N_("The tiny neural network, present mode"), "app_pages/neural.py",
               {**NAMES, "at": "0", "present": "1"}),
          Link(N_("What real language models did"), "app_pages/neural.py",
               {**NAMES, "v": "Real language models"})),
         (Link(N_("The tiny neural network, present mode"), "app_pages/neural.py",
               {**ZH_WORDS, "at": "0", "present": "1"}),
          Link(N_("What real language models did"), "app_pages/neural.py",
               {**ZH_WORDS, "v": "Real language models"}))),
)
