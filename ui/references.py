"""The works the lab cites, as the reader sees them."""

from __future__ import annotations

from ui.i18n import _

# Where the article can be found: the publication (its own address could not be checked
# offline when this was written, so the citation names it in full).
ARTICLE_SITE = "https://towardsdatascience.com/"


def source_article() -> str:
    """The article the lab began from, cited in the reader's language, with a link."""
    return _("David Sweenor, “AI Entropy: The Vicious Circle of AI-Generated Content”, "
             "[Towards Data Science]({site}), 14 July 2023; in Chinese as “AI 熵：AI 生成内容的"
             "恶性循环”.").format(site=ARTICLE_SITE)
