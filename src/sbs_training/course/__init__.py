"""The course around the workbooks: progress worked out from the journal, the progress card a trainee
chooses to share, the trainer's summary of cards, and the completion badge."""
