-- kpi_customer_reconciliation: the customer reconciliation sheet. How the
-- active customer base moved in each month, quarter and year, per segment
-- and for all segments together (segment = 'all').
-- grain: one row per period_type x period_start x segment
-- key: period_type, period_start, segment
-- columns:
--   period_type: month, quarter or year
--   period_start: first day of the period
--   period_end: last day of the period (the export date if partial)
--   period_label: 2025-03, 2025-Q1 or 2025
--   is_complete: false for the current, partial period
--   segment: business segment, or 'all'
--   customers_start: active on the day before the period
--   acquired: acquired during the period
--   reactivated: acquired earlier, not active at the start, active again
--     during the period
--   lost: counted at the start, acquired or reactivated, and not active at
--     the end
--   lost_from_start: active at the start and not at the end
--   customers_end: active on the last day of the period
--   zero_churn_base: customers_start + acquired + reactivated
--   growth: customers_end - customers_start
--   acquisition_rate: acquired / customers_start: customers acquired in
--     the period per customer active at its start (above 1 over a long
--     period of growth)
--   customers_end_not_new: customers_end - acquired - reactivated
--   retained_from_start: customers_start - lost_from_start, active at the
--     start and still at the end
--   retention_rate: retained_from_start / customers_start, the share of
--     the starting base still active at the end (= 1 - churn_rate)
--   sheet_retention_rate: customers_end_not_new / customers_start, the
--     literature's sheet formula; it also subtracts customers acquired or
--     reactivated and lost again inside the period, so over a quarter or a
--     year it understates retention and can fall below 0
--   zero_churn_retention: customers_end / zero_churn_base
--   churn_rate: lost_from_start / customers_start
-- Identity on every row: start + acquired + reactivated - lost = end (gate).
-- A customer is active on day d when acquired on or before d and with a
-- completed order in the churn_window_days days up to d, or a contract
-- covering d. Ratios with a zero denominator are NULL.
with periods as (
    select
        period_type,
        period_start,
        period_end,
        period_label,
        is_complete
    from {{ ref('int_periods') }}
),

statuses as (
    select
        period_type,
        period_start,
        segment,
        is_active_at_start,
        is_acquired,
        is_reactivated,
        is_lost,
        is_lost_from_start,
        is_active_at_end
    from {{ ref('int_customer_period_status') }}
),

segments as (
    select distinct segment
    from {{ ref('int_customers') }}
    union all
    select 'all' as segment
),

-- Each customer has one segment, so the 'all' counts are the sums of the
-- segment counts.
segment_counts as (
    select
        period_type,
        period_start,
        segment,
        {{ count_true(is_active_at_start) }} as customers_start,
        {{ count_true(is_acquired) }} as acquired,
        {{ count_true(is_reactivated) }} as reactivated,
        {{ count_true(is_lost) }} as lost,
        {{ count_true(is_lost_from_start) }} as lost_from_start,
        {{ count_true(is_active_at_end) }} as customers_end
    from statuses
    group by period_type, period_start, segment
),

counts as (
    select
        period_type,
        period_start,
        case when grouping(segment) = 1 then 'all' else segment end as segment,
        sum(customers_start) as customers_start,
        sum(acquired) as acquired,
        sum(reactivated) as reactivated,
        sum(lost) as lost,
        sum(lost_from_start) as lost_from_start,
        sum(customers_end) as customers_end
    from segment_counts
    group by grouping sets (
        (period_type, period_start, segment),
        (period_type, period_start)
    )
),

grid as (
    select
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.period_label,
        periods.is_complete,
        segments.segment,
        coalesce(counts.customers_start, 0) as customers_start,
        coalesce(counts.acquired, 0) as acquired,
        coalesce(counts.reactivated, 0) as reactivated,
        coalesce(counts.lost, 0) as lost,
        coalesce(counts.lost_from_start, 0) as lost_from_start,
        coalesce(counts.customers_end, 0) as customers_end
    from periods
    cross join segments
    left join counts
        on periods.period_type = counts.period_type
        and periods.period_start = counts.period_start
        and segments.segment = counts.segment
),

final as (
    select
        period_type,
        period_start,
        period_end,
        period_label,
        is_complete,
        segment,
        cast(customers_start as bigint) as customers_start,
        cast(acquired as bigint) as acquired,
        cast(reactivated as bigint) as reactivated,
        cast(lost as bigint) as lost,
        cast(lost_from_start as bigint) as lost_from_start,
        cast(customers_end as bigint) as customers_end,
        cast(customers_start + acquired + reactivated as bigint)
            as zero_churn_base,
        cast(customers_end - customers_start as bigint) as growth,
        {{ safe_div(acquired, customers_start) }} as acquisition_rate,
        cast(customers_end - acquired - reactivated as bigint)
            as customers_end_not_new,
        cast(customers_start - lost_from_start as bigint)
            as retained_from_start,
        {{ safe_div(customers_start - lost_from_start, customers_start) }}
            as retention_rate,
        {{ safe_div(customers_end - acquired - reactivated, customers_start) }}
            as sheet_retention_rate,
        {{ safe_div(customers_end, customers_start + acquired + reactivated) }}
            as zero_churn_retention,
        {{ safe_div(lost_from_start, customers_start) }} as churn_rate
    from grid
)

select * from final
