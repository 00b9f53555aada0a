"""Robustness and safety under hostile input (issue 7): nothing crashes, nothing executes, nothing leaks."""
