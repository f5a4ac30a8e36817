"""Moderators add sources in Telegram by link or saved page; readers cannot; hostile links change nothing."""

from __future__ import annotations

from pathlib import Path

from bot.texts import t
from tests.conftest import MODERATOR, READER, StartBot
from tests.page_server import PAGES, PageServer
from tests.test_tg_moderation import as_moderator

EN_PAGE = "dw-en-stand-by-me.html"
DE_PAGE = "dw-de-wer-steht-noch.html"


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and ".history" not in p.parts}


async def test_a_moderator_adds_a_source_by_link_sees_its_first_lines_and_can_undo_it(
    start_bot: StartBot, pages: PageServer, knowledge_dir: Path
) -> None:
    before = files(knowledge_dir)
    async with start_bot(fetch_reachable=pages.reachable) as bot:
        version = bot.live.kb.version
        (added,) = await as_moderator(bot, pages.url(EN_PAGE))
        assert added.startswith("✅\nSource dw-en-dw-en-stand-by-me added: sources/dw-en-dw-en-stand-by-me.txt and "
                                "sources.yaml.\n  DW: Stand by me? Vladimir Putin's remaining allies\n")
        assert "First lines (check them against the article):\n  Because of the war against Ukraine" in added
        assert "/undo dw-en-dw-en-stand-by-me" in added
        assert "dw-en-dw-en-stand-by-me" in bot.live.kb.sources
        ((action, detail, audit_before, audit_after),) = bot.rows(
            "SELECT action, detail, version_before, version_after FROM audit WHERE moderator = ?", MODERATOR)
        assert (action, audit_before, audit_after) == ("source", version, bot.live.kb.version)
        assert detail.startswith(pages.url(EN_PAGE))

        (undone,) = await as_moderator(bot, "/undo dw-en-dw-en-stand-by-me")
        assert undone.startswith("✅\nSource dw-en-dw-en-stand-by-me removed from sources.yaml")
        assert "dw-en-dw-en-stand-by-me" not in bot.live.kb.sources
        assert files(knowledge_dir) == before
        assert [row[0] for row in bot.rows("SELECT action FROM audit ORDER BY id")] == ["source", "undo"]


async def test_details_the_page_lacks_go_on_the_lines_below_the_link(
    start_bot: StartBot, pages: PageServer
) -> None:
    async with start_bot(fetch_reachable=pages.reachable) as bot:
        (asked,) = await as_moderator(bot, pages.url(DE_PAGE))
        assert asked.startswith("❌ Nothing changed, on disk or for readers.\nthe page does not give its publication "
                                "date. Send it again with a line for each below the link")
        (added,) = await as_moderator(bot, f"{pages.url(DE_PAGE)}\npublished: 2024-06")
        assert added.startswith("✅\nSource dw-de-dw-de-wer-steht-noch added")
        assert "published 2024-06, language de" in added


async def test_a_moderator_can_send_a_saved_page_or_the_articles_text_instead(
    start_bot: StartBot, pages: PageServer
) -> None:
    async with start_bot() as bot:
        page = (PAGES / EN_PAGE).read_bytes()
        (added,) = await bot.replies(lambda: bot.server.document(page, "stand-by-me.html", user_id=MODERATOR),
                                     chat_id=MODERATOR)
        assert added["text"].startswith("✅\nSource dw-en-a-69428963 added")
        text = (PAGES / "dw-de-wer-steht-noch.expected.txt").read_bytes()
        caption = ("https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700-kopie\n"
                   "title: Wer steht noch an Russlands Seite?\npublisher: DW\npublished: 2024-06")
        (from_text,) = await bot.replies(
            lambda: bot.server.document(text, "artikel.txt", user_id=MODERATOR, caption=caption), chat_id=MODERATOR)
        assert from_text["text"].startswith("✅\nSource dw-de-a-69442700-kopie added"), from_text["text"]
        assert pages.requests == []  # nothing was fetched


async def test_a_link_to_a_private_address_gets_a_clear_message_and_changes_nothing(
    start_bot: StartBot, pages: PageServer, knowledge_dir: Path
) -> None:
    before = files(knowledge_dir)
    async with start_bot(fetch_reachable=pages.reachable) as bot:
        version = bot.live.kb.version
        inside = bot.server.base_url  # the Bot API server: another port on 127.0.0.1, never allowed
        hostile = {
            pages.url(f"redirect?to={inside}"): "redirects to 'http://127.0.0.1:",
            pages.url("huge"): "the page is larger than 5 MB",
            pages.url("pdf"): "not a web page",
            pages.url("dw-de-section-page.html"): "found no article text on the page",
            "file:///etc/passwd": "only http:// and https:// links can be added",
            "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a private or local address",
        }
        for link, expected in hostile.items():
            (reply,) = await as_moderator(bot, link)
            assert reply.startswith("❌ Nothing changed, on disk or for readers.") and expected in reply, reply
        assert "private or local address" in (await as_moderator(bot, pages.url(f"redirect?to={inside}")))[0]
        assert bot.live.kb.version == version
        assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    assert files(knowledge_dir) == before


async def test_readers_cannot_add_sources(start_bot: StartBot, pages: PageServer, knowledge_dir: Path) -> None:
    before = files(knowledge_dir)
    async with start_bot(fetch_reachable=pages.reachable) as bot:
        reply = await bot.ask(pages.url(EN_PAGE))
        assert "Source" not in reply["text"] and "✅" not in reply["text"]
        page = (PAGES / EN_PAGE).read_bytes()
        (hint,) = await bot.replies(lambda: bot.server.document(page, "stand-by-me.html", user_id=READER),
                                    chat_id=READER)
        assert hint["text"] == t("de", "non_text")
        assert (await bot.ask("/undo dw-de-a-69442700"))["text"] == t("de", "unknown_command")
        assert pages.requests == [] and not bot.server.calls_of("getFile")
        assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    assert files(knowledge_dir) == before


async def test_an_oversized_or_undeliverable_source_file_gets_a_polite_reply_naming_it_safely(
    start_bot: StartBot, knowledge_dir: Path
) -> None:
    before = files(knowledge_dir)
    async with start_bot() as bot:
        huge = b"x" * (5 * 1024 * 1024 + 1)
        (too_big,) = await bot.replies(lambda: bot.server.document(huge, "art\u202eikel\n.html", user_id=MODERATOR),
                                       chat_id=MODERATOR)
        assert too_big["text"].startswith("❌ Nothing changed, on disk or for readers.\n'art?ikel?.html' is 5,242,881 "
                                          "bytes; the limit is"), too_big["text"]
        bot.server.fail_next(1, status=400, method="getFile")
        page = (PAGES / EN_PAGE).read_bytes()
        (lost,) = await bot.replies(lambda: bot.server.document(page, "stand-by-me.html", user_id=MODERATOR),
                                    chat_id=MODERATOR)
        assert lost["text"].startswith("❌ Nothing changed, on disk or for readers.\nTelegram did not hand over "
                                       "'stand-by-me.html' ("), lost["text"]
        assert "send it again in a moment" in lost["text"]
        assert bot.rows("SELECT COUNT(*) FROM audit") == [(0,)]
    assert files(knowledge_dir) == before
