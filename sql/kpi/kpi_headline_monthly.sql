-- kpi_headline_monthly: the figures finance and leadership read first, one
-- row per month, each with its change against the previous month. Every
-- figure is taken from the table named beside it, so the headline always
-- agrees with the detail.
-- grain: one row per month
-- key: month
-- columns:
--   month: first day of the month
--   is_complete: false for the current, partial month
--   customers: active customers on the month's last day
--     (kpi_customer_reconciliation.customers_end, segment 'all')
--   acquired: customers acquired in the month (same source)
--   lost: customers lost in the month (same source)
--   customers_start: active on the day before the month (same source)
--   customers_end_not_new: customers_end - acquired - reactivated (same
--     source)
--   lost_from_start: of customers_start, not active on the month's last day
--     (same source)
--   retention_rate: the share of customers_start still active on the
--     month's last day, (customers_start - lost_from_start) /
--     customers_start (same source)
--   churn_rate: lost_from_start / customers_start (same source)
--   revenue: revenue of the month, refunds negative, cancelled orders
--     excluded
--   nrr_base_revenue: revenue 12 months earlier of the customers active
--     then (kpi_retention_monthly, segment 'all')
--   nrr_revenue: their revenue this month (same source)
--   net_revenue_retention: nrr_revenue / nrr_base_revenue (same source)
--   acquisition_spend: marketing spend with purpose acquisition
--     (kpi_cac_by_channel, channel 'all'); NULL when no marketing spend was
--     exported at all
--   new_customers: customers acquired in the month (same source)
--   cac: blended CAC, acquisition_spend / new_customers (same source)
--   net_clv_total: the sum of the net CLV of the month's new customers
--     (same source)
--   clv: net_clv_total / new_customers (same source)
--   clv_to_cac: clv / cac (same source)
--   nps_responses: NPS answers of the month (kpi_perception_monthly,
--     touchpoint and segment 'all')
--   promoters: of those, scoring 9 or 10 (same source)
--   detractors: of those, scoring 0 to 6 (same source)
--   nps: 100 x (promoters - detractors) / nps_responses (same source)
--   csat_responses: CSAT answers of the month (same source)
--   csat_satisfied: of those, at or above csat_satisfied_min (same source)
--   csat: csat_satisfied / csat_responses (same source)
--   <figure>_change: this month's figure minus the previous month's (rates
--     in points of a 0-1 share, NPS in NPS points); NULL for the first month
--     or when either month has no value. The numerators and denominators
--     have no change columns: they are there to re-aggregate the rates.
with months as (
    select
        period_start as month,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

sheet as (
    select
        period_start as month,
        customers_end,
        acquired,
        lost,
        customers_start,
        customers_end_not_new,
        lost_from_start,
        retention_rate,
        churn_rate
    from {{ ref('kpi_customer_reconciliation') }}
    where period_type = 'month'
        and segment = 'all'
),

revenue as (
    select
        month,
        sum(revenue) as revenue
    from {{ ref('int_customer_months') }}
    group by month
),

retention as (
    select
        month,
        nrr_base_revenue,
        nrr_revenue,
        net_revenue_retention
    from {{ ref('kpi_retention_monthly') }}
    where segment = 'all'
),

acquisition as (
    select
        month,
        acquisition_spend,
        new_customers,
        cac,
        net_clv_total,
        clv,
        clv_to_cac
    from {{ ref('kpi_cac_by_channel') }}
    where channel = 'all'
),

perception as (
    select
        month,
        nps_responses,
        promoters,
        detractors,
        nps,
        csat_responses,
        csat_satisfied,
        csat
    from {{ ref('kpi_perception_monthly') }}
    where touchpoint = 'all'
        and segment = 'all'
),

figures as (
    select
        months.month,
        months.is_complete,
        cast(coalesce(sheet.customers_end, 0) as bigint) as customers,
        cast(coalesce(sheet.acquired, 0) as bigint) as acquired,
        cast(coalesce(sheet.lost, 0) as bigint) as lost,
        cast(coalesce(sheet.customers_start, 0) as bigint) as customers_start,
        cast(coalesce(sheet.customers_end_not_new, 0) as bigint)
            as customers_end_not_new,
        cast(coalesce(sheet.lost_from_start, 0) as bigint) as lost_from_start,
        sheet.retention_rate,
        sheet.churn_rate,
        cast(coalesce(revenue.revenue, 0) as decimal(18, 2)) as revenue,
        cast(coalesce(retention.nrr_base_revenue, 0) as decimal(18, 2))
            as nrr_base_revenue,
        cast(coalesce(retention.nrr_revenue, 0) as decimal(18, 2))
            as nrr_revenue,
        retention.net_revenue_retention,
        cast(case
            when acquisition.month is not null
                then acquisition.acquisition_spend
            when {{ has_rows({{ ref('stg_marketing_spend') }}) }} then 0
        end as decimal(18, 2)) as acquisition_spend,
        cast(coalesce(acquisition.new_customers, 0) as bigint)
            as new_customers,
        acquisition.cac,
        cast(coalesce(acquisition.net_clv_total, 0) as decimal(18, 2))
            as net_clv_total,
        acquisition.clv,
        acquisition.clv_to_cac,
        cast(coalesce(perception.nps_responses, 0) as bigint) as nps_responses,
        cast(coalesce(perception.promoters, 0) as bigint) as promoters,
        cast(coalesce(perception.detractors, 0) as bigint) as detractors,
        perception.nps,
        cast(coalesce(perception.csat_responses, 0) as bigint)
            as csat_responses,
        cast(coalesce(perception.csat_satisfied, 0) as bigint)
            as csat_satisfied,
        perception.csat
    from months
    left join sheet
        on months.month = sheet.month
    left join revenue
        on months.month = revenue.month
    left join retention
        on months.month = retention.month
    left join acquisition
        on months.month = acquisition.month
    left join perception
        on months.month = perception.month
),

final as (
    select
        month,
        is_complete,
        customers,
        customers - lag(customers) over by_month as customers_change,
        acquired,
        acquired - lag(acquired) over by_month as acquired_change,
        lost,
        lost - lag(lost) over by_month as lost_change,
        customers_start,
        customers_end_not_new,
        lost_from_start,
        retention_rate,
        retention_rate - lag(retention_rate) over by_month
            as retention_rate_change,
        churn_rate,
        churn_rate - lag(churn_rate) over by_month as churn_rate_change,
        revenue,
        -- DECIMAL(18,2) minus DECIMAL(18,2) is (19,2) on Trino, (18,2) on DuckDB
        cast(revenue - lag(revenue) over by_month as decimal(18, 2)) as revenue_change,
        nrr_base_revenue,
        nrr_revenue,
        net_revenue_retention,
        net_revenue_retention - lag(net_revenue_retention) over by_month
            as net_revenue_retention_change,
        acquisition_spend,
        new_customers,
        cac,
        cast(cac - lag(cac) over by_month as decimal(18, 2)) as cac_change,
        net_clv_total,
        clv,
        cast(clv - lag(clv) over by_month as decimal(18, 2)) as clv_change,
        clv_to_cac,
        clv_to_cac - lag(clv_to_cac) over by_month as clv_to_cac_change,
        nps_responses,
        promoters,
        detractors,
        nps,
        nps - lag(nps) over by_month as nps_change,
        csat_responses,
        csat_satisfied,
        csat,
        csat - lag(csat) over by_month as csat_change
    from figures
    window by_month as (order by month)
)

select * from final
