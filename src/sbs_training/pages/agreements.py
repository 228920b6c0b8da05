"""Workbook 05's page: the group-agreement builder with its handout downloads."""

from __future__ import annotations

import ipywidgets

from sbs_training.content import load
from sbs_training.pages.workbook import Workbook
from sbs_training.store.journal import Journal
from sbs_training.widgets.agreement import AgreementBuilder
from sbs_training.widgets.download import downloads


def agreement_builder(
    wb: Workbook, agreement_id: str = "default", *, journal: Journal | None = None
) -> ipywidgets.VBox:
    """The builder for ``exercises/agreements/<id>.yaml``, with handout downloads."""
    content = load("agreements", agreement_id)
    builder = AgreementBuilder(
        wb.id,
        f"agreement-{content.id}",
        default_title=content.title,
        default_items=[i.model_dump() for i in content.items],
        footer=content.footer,
        journal=journal,
    )
    return downloads(
        "the handout",
        content.export_name,
        builder.as_html,
        builder.as_markdown,
        above=[builder],
        description="A page for the wall, made from your agreement as it is when you press the button.",
    )
