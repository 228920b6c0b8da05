"""Which model checks which folder of ``exercises/``.

Add a kind by adding one line: folder name -> "module:ModelClass". A model
may also define ``check_collection(items)`` (a classmethod) for rules that
span files, such as ids that must be unique across the folder.
"""

KINDS: dict[str, str] = {
    "prompts": "sbs_training.content.prompts:PromptSet",
    "sorts": "sbs_training.content.kit:SortActivity",
    "cards": "sbs_training.content.kit:CardSet",
    "checklists": "sbs_training.content.kit:ChecklistContent",
    "activities": "sbs_training.content.activities:Activity",
    "agreements": "sbs_training.content.agreements:AgreementContent",
    "scenarios": "sbs_training.content.scenarios:Scenario",
    "checkins": "sbs_training.content.checkins:CheckinForm",
    "debrief": "sbs_training.content.debrief_cycles:DebriefContent",
}

FILES: dict[str, str] = {
    "course.yaml": "sbs_training.content.course:Course",
}
"""Single files at the top of ``exercises/``: file name -> "module:ModelClass"."""
