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
--   retention_rate: (customers_end - acquired - reactivated) /
--     customers_start (same source)
--   churn_rate: lost_from_start / customers_start (same source)
--   revenue: revenue of the month, refunds negative, cancelled orders
--     excluded
--   net_revenue_retention: kpi_retention_monthly.net_revenue_retention,
--     segment 'all'
--   cac: blended CAC (kpi_cac_by_channel, channel 'all')
--   clv: mean net CLV of the month's new customers (same source)
--   clv_to_cac: clv / cac (same source)
--   nps: kpi_perception_monthly.nps, touchpoint and segment 'all'
--   csat: kpi_perception_monthly.csat, touchpoint and segment 'all'
--   <figure>_change: this month's figure minus the previous month's (rates
--     in points of a 0-1 share, NPS in NPS points); NULL for the first month
--     or when either month has no value
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
        net_revenue_retention
    from {{ ref('kpi_retention_monthly') }}
    where segment = 'all'
),

acquisition as (
    select
        month,
        cac,
        clv,
        clv_to_cac
    from {{ ref('kpi_cac_by_channel') }}
    where channel = 'all'
),

perception as (
    select
        month,
        nps,
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
        sheet.retention_rate,
        sheet.churn_rate,
        cast(coalesce(revenue.revenue, 0) as decimal(18, 2)) as revenue,
        retention.net_revenue_retention,
        acquisition.cac,
        acquisition.clv,
        acquisition.clv_to_cac,
        perception.nps,
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
        retention_rate,
        retention_rate - lag(retention_rate) over by_month
            as retention_rate_change,
        churn_rate,
        churn_rate - lag(churn_rate) over by_month as churn_rate_change,
        revenue,
        revenue - lag(revenue) over by_month as revenue_change,
        net_revenue_retention,
        net_revenue_retention - lag(net_revenue_retention) over by_month
            as net_revenue_retention_change,
        cac,
        cac - lag(cac) over by_month as cac_change,
        clv,
        clv - lag(clv) over by_month as clv_change,
        clv_to_cac,
        clv_to_cac - lag(clv_to_cac) over by_month as clv_to_cac_change,
        nps,
        nps - lag(nps) over by_month as nps_change,
        csat,
        csat - lag(csat) over by_month as csat_change
    from figures
    window by_month as (order by month)
)

select * from final
