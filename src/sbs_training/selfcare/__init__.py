"""Self-care: the check-in's rules, the four-week trend and its chart, Looking back,
the self-care plan and the calendar reminder (workbook 06 and the supervision pack)."""
