"""
A real table with dates: Seattle's weather
==========================================

Real tables hold dates. Here are 1,461 days of Seattle's weather (2012 to
2015, shipped with ``vega_datasets``): the date, the precipitation, the
day's highest and lowest temperature and the wind, and the weather of the
day as the class. :class:`~sklgan.ConditionalGANSampler` reads the
``datetime64`` column as it is and generates dates back, in whole days as
the real ones are.

A date reaches the networks as a number of seconds, plus a one-hot block of
its month: the season, which goes up and down once a year, is then a
choice the generator makes, like a category, rather than a wiggle of one
number along four years. A block of its weekdays carries the week the
same way (weather has no week: here the generator draws each weekday on
11% to 16% of its days, where the real table has 14% of each; trading
days or weekly sales would have a week to follow), and a column of dates
with times of day gets a block of its hours as well.
"""

# %%
# Fit, and generate as many days
# ------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from vega_datasets import local_data

from sklgan import ConditionalGANSampler

X = local_data.seattle_weather()
y = X.pop("weather")
sampler = ConditionalGANSampler(numeric_transform="quantile", random_state=0).fit(X, y)
X_new, y_new = sampler.sample(len(X), random_state=0)  # weather as in y

print(X_new.head().to_string())
print(X_new.dtypes.to_string())
print("months in the block of the date:", sampler.scaler_.month_sizes_)
print("weekdays in the block of the date:", sampler.scaler_.weekday_sizes_)
midnight = X_new.date == X_new.date.dt.normalize()
print("generated dates at midnight:", bool(midnight.all()))

# %%
# The seasons
# -----------
# The mean highest temperature of each month, real beside generated: the
# generated days are warm in summer and cold in winter, because each one
# draws its month and its temperatures together.
fig, ax = plt.subplots(figsize=(6, 4))
for label, rows in (("real", X), ("generated", X_new)):
    rows.groupby(rows.date.dt.month).temp_max.mean().plot(ax=ax, marker="o", label=label)
ax.set_xlabel("month")
ax.set_ylabel("mean highest temperature (°C)")
ax.legend()
fig.tight_layout()
for label, rows in (("real", X), ("generated", X_new)):
    from_july = np.abs(rows.date.dt.dayofyear - 196)
    print(f"{label:>9}: correlation of the highest temperature with the days "
          f"from mid-July {np.corrcoef(from_july, rows.temp_max)[0, 1]:.2f}")

# %%
# The days of one kind of weather
# -------------------------------
# Ask for snowy days: the sampler generates them in winter and cold, as the
# 26 real ones are. From so few rows it learned less than their spread:
# nearly all of its snowy days fall in January, where the real ones spread
# over December to April.
X_snow, _ = sampler.sample(200, y="snow", random_state=0)
months = pd.DataFrame({
    "real snowy days": X.date[y == "snow"].dt.month.value_counts(normalize=True),
    "generated": X_snow.date.dt.month.value_counts(normalize=True)}).fillna(0)
print(months.sort_index().round(2).to_string())
print(f"mean highest temperature: real snowy days {X.temp_max[y == 'snow'].mean():.1f}, "
      f"generated {X_snow.temp_max.mean():.1f}, all real days {X.temp_max.mean():.1f}")
plt.show()
