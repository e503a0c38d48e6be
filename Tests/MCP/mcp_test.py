"""Pomo's MCP endpoint through the official Python SDK (PyPI `mcp`), over Streamable HTTP.

    mcp_test.py --base URL --data DIR --limited URL

`--base` is a pomod with a generous Time Magic limit whose SQLite directory is DIR; `--limited`
a second pomod with the contract's 5 requests a minute and no subscription by default. Every
tool is listed and called, with an API key and with a JWT; refusals come back as tool errors in
the dialect's own words; the limit and the 402 rule hold through MCP too.
"""

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PythonSupport"))
from pomo_http import account, run_steps  # noqa: E402 - the path is set just above

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

TIME_MAGIC_TOOLS = {
    "list_projects", "search_projects", "get_project", "create_project", "update_project", "list_tasks",
    "search_tasks", "get_task", "create_task", "update_task", "start_tracking", "start_without_tracking",
    "stop_tracking", "switch_tracking", "complete_task", "get_current_activity", "list_activities",
    "create_activity", "start_timer", "stop_timer", "log_time", "get_week_goal", "get_month_goal",
    "get_goal_progress", "update_goal", "get_daily_report",
}
FOCUS_TOOLS = {
    "start_focus", "current_session", "complete_focus", "cancel_focus", "focus_stats", "focus_report",
    "log_session", "focusing_now",
}


class Agent:
    """One MCP client session, as an agent host would hold it."""

    def __init__(self, session, initialized):
        self.session, self.initialized = session, initialized

    async def call(self, name, arguments=None, error=False):
        """A tool's JSON answer; with error=True, the refusal's JSON (it must be one)."""
        result = await self.session.call_tool(name, arguments or {})
        text = result.content[0].text
        assert bool(result.is_error) == error, (name, arguments, text)
        return json.loads(text)


@contextlib.asynccontextmanager
async def agent_at(url, token):
    async with create_mcp_http_client(headers={"Authorization": f"Bearer {token}"}) as http:
        async with streamable_http_client(url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                yield Agent(session, await session.initialize())


async def every_tool_with_an_api_key(base, data, key):
    async with agent_at(base + "/api/mcp", key) as agent:
        assert agent.initialized.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS, agent.initialized
        assert agent.initialized.server_info.name == "pomo"
        assert agent.initialized.capabilities.tools is not None
        listed = (await agent.session.list_tools()).tools
        names = {tool.name for tool in listed}
        assert names == TIME_MAGIC_TOOLS | FOCUS_TOOLS, sorted(names ^ (TIME_MAGIC_TOOLS | FOCUS_TOOLS))
        for tool in listed:
            assert tool.input_schema["type"] == "object", tool
            assert tool.description, tool.name
        called = set()

        async def call(name, arguments=None, error=False):
            called.add(name)
            return await agent.call(name, arguments, error)

        # Projects and tasks
        project = await call("create_project", {"name": "Site", "working_hours_per_day": 6})
        assert project["working_hours_per_day"] == 6 and project["project_type"] == "other", project
        refused = await call("create_project", {"description": "no name"}, error=True)
        assert refused == {"errors": {"name": ["can't be blank"]}}, refused
        wrong = await call("create_project", {"name": 5}, error=True)
        assert list(wrong["errors"]) == ["name"], wrong
        assert [p["name"] for p in await call("list_projects")] == ["Site"]
        assert len(await call("search_projects", {"query": "SI"})) == 1
        assert await call("search_projects", {"query": "zz"}) == []
        assert (await call("get_project", {"uuid": project["uuid"]}))["name"] == "Site"
        assert await call("get_project", {"uuid": "nope"}, error=True) == {"errors": "Not found"}
        assert (await call("update_project", {"uuid": project["uuid"], "description": "landing"}))["description"] == "landing"
        design = await call("create_task", {"project_uuid": project["uuid"], "name": "Design",
                                            "data": {"estimated_hours": 3}})
        build = await call("create_task", {"project_uuid": project["uuid"], "name": "Build"})
        assert [t["name"] for t in await call("list_tasks", {"project_uuid": project["uuid"]})] == ["Design", "Build"]
        assert [t["name"] for t in await call("search_tasks", {"project_uuid": project["uuid"], "query": "bui"})] == ["Build"]
        assert (await call("get_task", {"uuid": design["uuid"]}))["data"] == {"estimated_hours": 3}
        assert (await call("update_task", {"uuid": build["uuid"], "description": "code"}))["description"] == "code"

        # Tracking
        assert (await call("start_tracking", {"uuid": design["uuid"]}))["status"] == "in_progress"
        current = await call("get_current_activity")
        assert [t["uuid"] for t in current["tasks"]] == [design["uuid"]], current
        assert (await call("switch_tracking", {"uuid": build["uuid"]}))["status"] == "in_progress"
        assert (await call("get_task", {"uuid": design["uuid"]}))["status"] == "pending"
        again = await call("switch_tracking", {"uuid": build["uuid"]}, error=True)
        assert again == {"errors": {"base": ["Task is already in progress"]}}, again
        assert (await call("stop_tracking", {"uuid": build["uuid"]}))["status"] == "pending"
        assert (await call("start_without_tracking", {"uuid": design["uuid"]}))["status"] == "in_progress"
        assert (await call("complete_task", {"uuid": design["uuid"]}))["status"] == "completed"

        # Activities
        reading = await call("create_activity", {"name": "Reading", "activity_type": "leisure"})
        assert [a["name"] for a in await call("list_activities")] == ["Reading"]
        assert (await call("start_timer", {"uuid": reading["uuid"]}))["aasm_state"] == "in_progress"
        assert [a["name"] for a in (await call("get_current_activity"))["activities"]] == ["Reading"]
        assert (await call("stop_timer", {"uuid": reading["uuid"]}))["aasm_state"] == "pending"

        # Time entries, the day's report, goals
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        begin = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
        entry = await call("log_time", {"begin_time": begin.isoformat().replace("+00:00", "Z"),
                                        "duration": 1800, "comment": "wireframes",
                                        "resource_type": "task", "resource_id": build["uuid"]})
        assert entry["duration"] == 1800 and entry["resource_uuid"] == build["uuid"], entry
        assert await call("log_time", {"comment": "no start"}, error=True) == {"errors": {"begin_time": ["can't be blank"]}}
        day = await call("get_daily_report")
        build_row = next(item for item in day["items"] if item["task_uuid"] == build["uuid"])
        assert build_row["seconds"] == 1800 and build_row["project_name"] == "Site", day
        assert day["total_seconds"] >= 1800, day
        goal = await call("update_goal", {"text": "Ship the site", "project_id": project["uuid"]})
        assert goal["period"] == "week" and goal["goalable_type"] == "Project", goal
        assert [g["text"] for g in await call("get_week_goal")] == ["Ship the site"]
        assert await call("get_month_goal") == []
        assert (await call("update_goal", {"uuid": goal["uuid"], "text": "Ship it"}))["text"] == "Ship it"
        progress = await call("get_goal_progress", {"uuid": goal["uuid"]})
        assert progress["tracked_seconds"] == 1800, progress

        # Focus sessions
        assert (await call("focusing_now"))["count"] == 0
        started = await call("start_focus", {"minutes": 25, "project": "Site", "note": "hero section"})
        assert started["status"] == "active" and started["duration_minutes"] == 25, started
        busy = await call("start_focus", {}, error=True)
        assert busy["code"] == "POMODORO_ACTIVE", busy
        assert (await call("current_session"))["active"]["id"] == started["id"]
        assert (await call("focusing_now"))["count"] == 1
        cancelled = await call("cancel_focus", {"reason": "interrupted", "note": "phone"})
        assert cancelled["status"] == "cancelled", cancelled
        assert (await call("current_session")) == {"active": None, "unsubmitted": []}
        assert (await call("cancel_focus", {}, error=True))["error"] == "not_found"
        assert (await call("complete_focus", {}, error=True))["message"] == "No focus session is running"
        second = await call("start_focus", {"minutes": 25, "project": "Site"})
        # Twenty minutes of it pass (moved back in the server's own SQLite file).
        with sqlite3.connect(os.path.join(data, "pomo.sqlite"), timeout=10) as db:
            db.execute("UPDATE focus_sessions SET started_at = started_at - 1200000, "
                       "scheduled_end_at = scheduled_end_at - 1200000, created_at = created_at - 1200000 "
                       "WHERE id = ?", (int(second["id"]),))
        done = await call("complete_focus", {"note": "hero done"})
        assert done["status"] == "completed" and done["pof_score"] is not None, done
        logged = await call("log_session", {"start": (now - datetime.timedelta(hours=3)).isoformat(),
                                            "end": (now - datetime.timedelta(hours=2, minutes=35)).isoformat(),
                                            "category": "Writing", "note": "blog"})
        assert logged["category"] == "Writing", logged
        assert (await call("log_session", {"start": "yesterday", "end": "today"}, error=True))["message"] == \
            "start must be an RFC 3339 date-time"
        stats = await call("focus_stats")
        assert stats["this_week"]["sessions"] >= 1 and stats["today"]["minutes"] >= 20, stats
        report = await call("focus_report", {"by": "category"})
        assert {row["key"] for row in report["rows"]} >= {"Writing"}, report
        assert (await call("focus_report", {"by": "moon"}, error=True))["error"] == "bad_request"

        assert called == TIME_MAGIC_TOOLS | FOCUS_TOOLS, sorted((TIME_MAGIC_TOOLS | FOCUS_TOOLS) - called)
        # A protocol error, not a tool error: there is no such tool.
        try:
            await agent.session.call_tool("no_such_tool", {})
            raise AssertionError("an unknown tool must be refused")
        except MCPError as error:
            assert error.error.code == -32602, error.error
        await agent.session.send_ping()


async def a_jwt_works_too(base, jwt):
    async with agent_at(base + "/timemagic/api/mcp", jwt) as agent:
        assert "Site" in [p["name"] for p in await agent.call("list_projects")]


async def a_wrong_token_is_refused(base):
    try:
        async with agent_at(base + "/api/mcp", "not-a-token") as agent:
            await agent.call("list_projects")
        raise AssertionError("a wrong token must be refused")
    except AssertionError:
        raise
    except BaseException as error:  # the SDK may raise it from its task group, wrapped
        assert "Unauthorized" in repr(error), repr(error)


async def the_limit_and_the_subscription_hold_through_mcp(limited):
    _, key = account(limited, "cleo")
    async with agent_at(limited + "/api/mcp", key) as agent:  # initialize and initialized: 2 requests
        await agent.session.list_tools()  # 3
        await agent.call("create_project", {"name": "Side"})  # 4: a write needs no subscription
        refused = await agent.call("list_projects", error=True)  # 5: a read does
        assert refused == {"info": "Subscription required for GET requests."}, refused
        try:
            await agent.session.list_tools()  # 6: over the limit
            raise AssertionError("the sixth request in a minute must be refused")
        except MCPError as error:
            assert error.error.message == "Rate limit exceeded. Try again later.", error.error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--limited", required=True)
    args = parser.parse_args()
    jwt, key = account(args.base, "ana")
    steps = [
        ("every tool through the SDK, with an API key", lambda: every_tool_with_an_api_key(args.base, args.data, key)),
        ("a JWT connects too, under /timemagic/api/mcp", lambda: a_jwt_works_too(args.base, jwt)),
        ("a wrong token is refused", lambda: a_wrong_token_is_refused(args.base)),
        ("5 a minute and the 402 rule, through MCP", lambda: the_limit_and_the_subscription_hold_through_mcp(args.limited)),
    ]
    run_steps("mcp", [(name, lambda step=step: asyncio.run(step())) for name, step in steps])


if __name__ == "__main__":
    main()
