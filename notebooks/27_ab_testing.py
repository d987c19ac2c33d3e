# %% [markdown]
# # 27 · A/B testing: sample size, significance and the peeking problem
#
# Work out how many users an experiment needs, run a thousand simulated experiments to
# see what "5 % false positives" and "80 % power" mean, watch daily peeking turn 5 % into
# 20 %, and fix it with a fixed horizon, an alpha-spending boundary or an always-valid
# p-value; then check a traffic split for sample ratio mismatch.

# %% [markdown]
# <!-- nav -->
# [← 26 · Big data: MapReduce, lakes and warehouses](26_big_data.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [28 · Concurrency models: threads, processes, asyncio, reactors and actors →](28_concurrency_models.ipynb)

# %% [markdown]
# ## What you will learn
# - What a two-proportion z-test, its p-value, its power and a confidence interval say,
#   and how many users per group an experiment needs (`sample_size`).
# - What a 5 % false-positive rate and 80 % power look like over many experiments.
# - Why looking every day and stopping at the first p < 0.05 inflates false positives,
#   and three ways out: a fixed horizon, O'Brien-Fleming alpha spending, always-valid
#   p-values (mSPRT).
# - Three pitfalls: sample ratio mismatch, many metrics at once, novelty effects.
#
# Builds on: [01 · Estimation](01_estimation.ipynb) (orders of magnitude) and
# [25 · Performance](25_performance.ipynb) (percentiles and noise). The models are in
# `src/sysdesign/ab_testing/`: `stats.py` (formulas on the standard library's
# `statistics.NormalDist`), `simulate.py` (many experiments at once with numpy) and
# `pitfalls.py`.

# %%
from sysdesign.ab_testing import (
    bonferroni,
    experiments,
    holm,
    lift_interval,
    many_metrics,
    peeking,
    power_at,
    sample_size,
    srm_check,
    two_sided_p,
    widgets,
    z_test,
)
from sysdesign.core.exercises import check

# %% [markdown]
# ## The experiment
#
# Users are split at random into A (the current page) and B (the change); we count who
# converts. The **null hypothesis** H0 says B converts at the same rate as A. The
# **pooled two-proportion z-test** estimates the common rate p̂ from both groups, and
# asks how many standard errors apart the two rates are:
# z = (p̂_B − p̂_A) / sqrt(p̂(1 − p̂)(1/n_A + 1/n_B)). The **p-value** is the chance, if
# H0 were true, of a |z| at least this large. 1,000 users per group, 100 and 130
# conversions:

# %%
result = z_test(100, 1000, 130, 1000)
low, high = lift_interval(100, 1000, 130, 1000)
print(f"lift {100 * result['lift']:.1f} points, z = {result['z']:.2f}, p = {result['p_value']:.3f}")
print(f"95 % confidence interval for the lift: {100 * low:+.2f} to {100 * high:+.2f} points")

# %% [markdown]
# p is below 0.05, so at the usual **significance level** α = 5 % we reject H0. The p-value
# is *not* the chance that B is no better; it is a statement about the data under H0. The
# **95 % confidence interval** (here the Wald interval, with each group's own variance)
# is a statement about the procedure: of many intervals built this way, about 95 % cover
# the true lift (the simulation below counts them). It does not say that this particular
# interval holds the true lift with probability 95 %. This one barely excludes 0, as a p
# just under 0.05 suggests (the interval and the pooled test use slightly different
# variances, so the two can disagree at the margin). The tests check `z_test` against
# `statsmodels`' `proportions_ztest` and a `scipy.stats.norm` computation, and the
# interval against `confint_proportions_2indep`.
#
# **Power** is the chance of a significant result when the effect is real. The sample
# size per group that gives power 1 − β for an absolute lift δ from a baseline p₁
# (p₂ = p₁ + δ, p̄ the average of the two):
#
# n = ( z₁₋α/₂ · sqrt(2 p̄(1 − p̄)) + z₁₋β · sqrt(p₁(1 − p₁) + p₂(1 − p₂)) )² / δ²
#
# the pooled variance under H0 for the α term, each group's variance under the
# alternative for the power term, rounded up. A 10 % baseline and a lift of 2 points:

# %%
n = sample_size(0.10, 0.02)
print(f"{n:,} users per group; power at n: {power_at(0.10, 0.02, n):.3f}, "
      f"at n - 1: {power_at(0.10, 0.02, n - 1):.4f}")
{f"lift {100 * d:.1f} points": sample_size(0.10, d) for d in (0.04, 0.02, 0.01, 0.005)}

# %% [markdown]
# Halving the lift roughly quadruples the sample size (n grows about as 1/δ²): detecting half a point
# on a 10 % baseline needs over 50,000 users per group. The tests check that
# `statsmodels`' `power_proportions_2indep` (the same pooled/unpooled assumptions) gives
# power at least 0.8 at n and below 0.8 at n − 1; and that `NormalIndPower` with
# Cohen's effect size h = 2·asin√p₂ − 2·asin√p₁ agrees within 0.5 % when the lift is
# small next to the baseline and the rates stay away from 1 (about 1 % for 2 % → 3 %, a 50 %
# relative lift; under 3 % for 90 % → 95 %, where the share not converting halves): it uses the
# arcsine transform that makes the variance constant instead of the two variances, a
# different approximation of the same test. `sample_size` raises `ValueError` if
# baseline + mde reaches 1, because no rate can exceed 100 %.
#
# ### Many experiments: what 5 % and 80 % mean
#
# One experiment is one draw. The panel runs 1,000 experiments of 3,841 users per group
# with a true lift of 2 points and shows the first 40 intervals:

# %%
fixed = widgets.fixed_horizon_panel()  # 1,000 experiments, 3,841 users per group
fixed.snapshot()

# %%
null = experiments.fixed_horizon(lift=0.0)
print(f"true lift 2 points: {fixed.result['significant'].mean():.1%} significant "
      f"(predicted power {fixed.result['predicted_power']:.1%})")
print(f"true lift 0 (an A/A test): {null['significant'].mean():.1%} significant, "
      f"{null['covered'].mean():.1%} of intervals cover 0")

# %% [markdown]
# With a real 2-point lift, about four experiments in five are significant: that is what
# 80 % power means, and one real improvement in five is missed. With no lift at all,
# about one in twenty is "significant" anyway: the 5 % false positives, and about 95 % of
# the intervals cover the truth. Move the lift to 0, or the users down, and watch:

# %%
# NBVAL_IGNORE_OUTPUT
fixed

# %% [markdown]
# ## Peeking
#
# The formula assumed one look, at the planned sample size. Teams watch a dashboard every
# day instead and stop the first day p < 0.05. (The notes' A/B steps say to run the test
# "for a predefined duration or until a statistically significant sample size is
# achieved": the first is the fixed horizon below; the second, read as "until the result
# is significant", is exactly this rule. A sample size is fixed before the test, not
# achieved by it.) Simulate 2,000 A/A experiments (no difference at all), 500 new users
# per group a day, 14 days:

# %%
peek = widgets.peeking_run_panel()  # A/A: true lift 0, 14 daily looks
peek.snapshot()

# %%
{rule: f"{peek.result[rule][-1]:.1%}" for rule in ("naive", "fixed", "obrien_fleming", "msprt")}

# %% [markdown]
# Stopping at the first p < 0.05 declares a winner in about one A/A experiment in five
# by day 14 (red), four times the promised 5 %, and it keeps rising with more looks:
# with enough looks a random walk crosses any fixed line. The fixes:
#
# - **Fixed horizon** (black square): compute the sample size first and look once.
# - **Alpha spending** (Lan and DeMets, 1983): fix in advance how much of α may be used
#   up by the time a fraction t of the data is in; each look may spend only the increase
#   since the last one, so the looks need not be planned exactly. The O'Brien-Fleming-type
#   function α(t) = 2 − 2Φ(z₁₋α/₂/√t) spends almost nothing early, so early looks need
#   overwhelming evidence (the same paper's Pocock-type function spends far more early);
#   `obrien_fleming_bounds` turns it into a |z| boundary per look:

# %%
bounds = peek.result["bounds"][[0, 1, 6, 13]]
print("|z| needed on days 1, 2, 7, 14:", bounds.round(2))
print("that is a two-sided p below:   ", [f"{p:.2g}" for p in two_sided_p(bounds)])

# %% [markdown]
# - **Always-valid p-values** (Johari et al., "Always Valid Inference", 2022; the mixture
#   SPRT of Robbins, 1970): a likelihood ratio Λ averaged over a normal prior on the
#   effect is a martingale with mean 1 under H0, so by Ville's inequality the chance it
#   *ever* exceeds 1/α is at most α. Reject when Λ ≥ 1/α, at any look you like. (That is
#   exact for normal data of known variance; here the variance is estimated from the
#   data, a close approximation with hundreds of users.)
#
# On day 1 the boundary asks for |z| above 7 (a p-value below 10⁻¹²); on day 14 for 2.15
# instead of 1.96 (p below 0.032 instead of 0.05), the small price of the early looks.
# Both methods stay near or below 5 % in the A/A run above (the tests check this on 20,000
# simulated experiments, within a band from the binomial); the always-valid test is far
# below, because its guarantee covers looking after every single user, with no end date,
# and we look once a day for two weeks. With a real effect the price shows: the same
# 2,000 experiments with a true 2-point lift, the share that has declared B the winner by
# day 7 and by day 14:

# %%
real = peeking(experiments=2000, rate_a=0.10, rate_b=0.12, seed=1)
for rule in ("naive", "fixed", "obrien_fleming", "msprt"):
    print(f"{rule:>14}: day 7 {real[rule][6]:6.1%}   day 14 {real[rule][-1]:6.1%}")

# %% [markdown]
# By day 14 the fixed horizon and O'Brien-Fleming find the lift in about 95 % of the
# experiments, the always-valid test in about 80 %: it gives up power (its normal
# mixture with τ = 0.01 spreads its bet over lifts of about ±1 point, and it must stay
# valid at every look). What both sequential methods buy is the day-7 column: a
# quarter to almost half of the experiments could stop a week early, which the fixed
# horizon cannot do. (The naive rule's numbers look best, but its 21 % false positives
# make them worthless.)

# %%
# NBVAL_IGNORE_OUTPUT
peek

# %% [markdown]
# ## Pitfalls
#
# **Sample ratio mismatch (SRM).** A 50/50 split that delivers 50,000 and 49,000 users
# is probably a bug (a redirect that loses users, a bot filter on one side, a crash in
# B), and the bug, not the change, may explain the result. A chi-square goodness-of-fit
# test (two groups, so 1 degree of freedom) tells chance from bug. Fabijan et al. (KDD
# 2019) sort the causes they met in four companies by where they arise: assignment,
# execution, log processing, analysis, and outside interference with the experiment:

# %%
for split in [(50_000, 49_000), (50_000, 49_800)]:
    r = srm_check(*split)
    print(f"{split}: A's share {r['observed_share_a']:.2%}, chi-square {r['statistic']:.2f}, "
          f"p = {r['p_value']:.4f} (about 1 experiment in {1 / r['p_value']:,.0f})")

# %% [markdown]
# A 50.5/49.5 split of 99,000 users has p ≈ 0.0015: a correct 50/50 assignment would
# produce an imbalance that large in about one experiment in 675. 50.1/49.9 is well
# within chance. Because the check runs on every experiment, platforms alarm only at a
# small p-value (we use 0.001 below): each false alarm sends someone hunting for a bug
# that is not there. The tests check `srm_check` against `scipy.stats.chisquare`.
#
# **Many metrics.** Test ten independent metrics that the change does not affect, each at
# α = 5 %, and the chance that at least one looks significant is 1 − 0.95¹⁰ (correlated
# metrics, such as clicks and sessions, inflate it less):

# %%
many_metrics(metrics=10)

# %% [markdown]
# About 40 % (the simulation and the closed form agree within its noise). **Bonferroni**
# tests each metric at α/m and brings the family-wise rate back to about 5 % (at most
# α in theory, 1 − 0.995¹⁰ ≈ 4.9 % here); **Holm** (1979) steps down through the
# sorted p-values and rejects at least as many, with the same guarantee (both control
# the family-wise error rate, the chance of even one false winner):

# %%
p_values = [0.004, 0.011, 0.02, 0.3]
print("Bonferroni keeps", bonferroni(p_values).tolist())
print("Holm keeps      ", holm(p_values).tolist())

# %% [markdown]
# Bonferroni needs p < 0.0125 and keeps two; Holm compares the sorted p-values with
# 0.05/4, 0.05/3, 0.05/2, 0.05/1 and keeps three. Better still: pick one primary metric
# before the experiment starts; treat the others as guardrails or as questions for the
# next experiment. (Benjamini-Hochberg, 1995, controls a weaker quantity, the expected
# share of false discoveries among the winners; it suits screening many exploratory
# metrics, not a ship decision.)
#
# **Novelty effects.** A new design can excite users for a few days, or annoy them until
# they get used to it (change aversion, which Kohavi et al. call a primacy effect), so
# the lift measured in week one is not the lift in month three. If the true daily lift
# decays from 2.5 points to a lasting 0.5 with a half-life of 3 days,
# the running average an experiment reports (every day weighted equally) is still well
# above 0.5 after four weeks (`plots.novelty_view` draws the two curves):

# %%
novelty = experiments.novelty()
print("day                      1     7    14    28   (lift in points; lasting "
      f"{novelty['lasting']})")
for name in ("daily", "running"):
    label = "true lift that day" if name == "daily" else "running estimate"
    print(f"{label:<20}" + "".join(f"{novelty[name][d - 1]:6.2f}" for d in (1, 7, 14, 28)))

# %% [markdown]
# Look at the lift by day (or by the user's days since first exposure), run long enough
# for the effect to settle, and keep a small hold-back group after launch.
#
# ## Try it
#
# **27.1** A checkout converts 5 % of users. You want to detect a 10 % relative
# improvement (to 5.5 %) with α = 0.05 and 80 % power. How many users per group?

# %%
answer = ...
check("27.1", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.ab_testing import sample_size
#
# answer = sample_size(0.05, 0.005)
# ```
#
# The lift is absolute: 10 % of 5 % is 0.005. Small baselines need many users.
# </details>
#
# **27.2** (decide) A 50/50 experiment shows 10,300 users in A and 9,700 in B. Is that
# `"fine"` or a `"mismatch"` you should debug before reading any result (use p < 0.001)?

# %%
answer = ...
check("27.2", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# from sysdesign.ab_testing import srm_check
#
# answer = "mismatch" if srm_check(10_300, 9_700)["p_value"] < 0.001 else "fine"
# ```
#
# Chi-square = 2 × 300² / 10,000 = 18, p ≈ 0.00002: a correct 50/50 assignment of
# 20,000 users lands 3 % away from 10,000 far less than once in a thousand experiments.
# Find the bug first.
# </details>
#
# **27.3** (predict) A team will look at its dashboard every day and wants to stop as
# soon as the result is clear, with at most 5 % false positives. Which rule:
# `"naive"` (stop at the first p < 0.05), `"fixed"` or `"always-valid"`?

# %%
answer = ...
check("27.3", answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# answer = "always-valid"
# ```
#
# Naive stopping inflates false positives (about 20 % after 14 looks above); a fixed
# horizon is valid but forbids stopping early; an always-valid p-value (or an
# alpha-spending boundary planned for the looks) allows both.
# </details>
#
# ## Summary
# - Decide the metric, α, power and the smallest lift worth detecting first; the sample
#   size follows, and grows as 1/lift².
# - p < 0.05 means "this data would be surprising if nothing changed", not "B is 95 %
#   likely better"; over many experiments, 5 % of null changes look significant and 20 %
#   of real ones of the planned size (at 80 % power) are missed.
# - Do not stop at the first p < 0.05: look once, or use alpha spending or always-valid
#   p-values if you must look often.
# - Check the split (SRM) before the result; correct for many metrics or pick one; run
#   long enough for novelty to wear off.
#
# ## Where this shows up
# - Experimentation platforms: Johari et al. describe always-valid p-values running in a
#   large commercial platform (Optimizely); Fabijan et al. describe SRM checks at
#   Microsoft and Booking.com; clinical trials use group-sequential designs with
#   O'Brien-Fleming boundaries.
# - Feature flags and gradual rollouts assign users to groups by hashing their id, as
#   [12 · Consistent hashing](12_consistent_hashing.ipynb) hashes keys to servers; the metrics
#   come from the logs and pipelines of [26 · Big data](26_big_data.ipynb); latency
#   metrics need the percentiles of [25 · Performance](25_performance.ipynb).
#
# ## Further reading
# - R. Kohavi, D. Tang and Y. Xu, *Trustworthy Online Controlled Experiments* (2020).
# - R. Johari, P. Koomen, L. Pekelis and D. Walsh, "Always Valid Inference: Continuous
#   Monitoring of A/B Tests", *Operations Research* 70(3), 2022; H. Robbins, "Statistical
#   methods related to the law of the iterated logarithm" (1970).
# - K. K. G. Lan and D. L. DeMets, "Discrete sequential boundaries for clinical trials",
#   *Biometrika* 70(3), 1983; P. C. O'Brien and T. R. Fleming, *Biometrics* 35(3), 1979.
# - A. Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled
#   Experiments", KDD 2019.
# - S. Holm, "A simple sequentially rejective multiple test procedure", *Scandinavian
#   Journal of Statistics* 6(2), 1979; Y. Benjamini and Y. Hochberg, "Controlling the
#   false discovery rate", *Journal of the Royal Statistical Society B* 57(1), 1995.
# - statsmodels, `statsmodels.stats.proportion.power_proportions_2indep` and
#   `proportions_ztest` (documentation).

# %% [markdown]
# <!-- nav -->
# [← 26 · Big data: MapReduce, lakes and warehouses](26_big_data.ipynb) · [Contents](00_start_here.ipynb#Course-map) · [28 · Concurrency models: threads, processes, asyncio, reactors and actors →](28_concurrency_models.ipynb)
