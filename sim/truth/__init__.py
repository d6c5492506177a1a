"""What is true of a problem and a run, apart from any one run: the expected reward J, the best policy, a rule's
average push, and the verdicts that judge a run against them."""
