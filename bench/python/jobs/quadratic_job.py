"""The trial both sides of trial_overhead.py run: read x, report one loss. Its own work is Python's start-up."""
import caviar

hp = caviar.hyperparameters()
caviar.report(step=1, loss=(hp["x"] - 0.3) ** 2)
