"""The animated chart: a run's timeline, its layered figure and the browser player (player.js) that plays it."""
