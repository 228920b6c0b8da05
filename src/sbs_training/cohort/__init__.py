"""What a cohort sees around the workbooks: the Get-help panel, the welcome message, the
workbook list page, the Binder notice and the Binder link."""
