"""A Streamlit page reading the plan: by département, the share of the population covered now
and once the plan is carried out, and each zone blanche with the CPTS the plan gives it.

    pip install streamlit ./python
    ZB_COMMUNES=france.zbt ZB_CPTS=listing.csv streamlit run python/examples/plan_page.py

Without ZB_COMMUNES and ZB_CPTS, the page runs on the embedded demo."""

import os

import polars as pl
import streamlit as st

import zones_blanches as zb


@st.cache_resource
def analysis(communes, cpts):
    return zb.analyze(communes, cpts)


result = analysis(os.environ.get("ZB_COMMUNES"), os.environ.get("ZB_CPTS"))
departements = result.plan_coverage.filter(pl.col("scope_type") == "departement")

st.title("Plan 100 % CPTS")
choice = st.selectbox("Département", departements["scope_code"] + " " + departements["scope_name"])
code = choice.split(" ")[0]
figures = departements.filter(pl.col("scope_code") == code).row(0, named=True)
now, after = st.columns(2)
now.metric("Population couverte", f"{figures['pct_covered']:.2f} %")
after.metric("Après le plan", f"{figures['pct_after_plan']:.2f} %")

units = result.units.select("code", "name", "population", "departement")
targets = (
    result.plan.join(units, on="code")
    .filter(pl.col("departement") == code)
    .group_by("zone_key", "kind", "target_id", "target_name")
    .agg(communes=pl.len(), population=pl.col("population").sum())
    .sort("population", "zone_key", descending=[True, False])
)
st.subheader(f"{targets.height} zones blanches et leur cible")
st.dataframe(targets)
st.download_button("plan (CSV)", targets.write_csv(), file_name=f"plan-{code}.csv")
