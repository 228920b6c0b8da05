"""After and around real group sessions: debriefs, the supervision pack, and the trainer's session planner."""
