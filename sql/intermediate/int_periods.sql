-- int_periods: the reporting periods (months, quarters, years) from the
-- first acquisition to the export date.
-- grain: one row per period_type x period_start
-- key: period_type, period_start
-- columns:
--   period_type: month, quarter or year
--   period_start: first day of the period
--   period_end: last day of the period, or the export date for the current
--     (partial) period
--   day_before_start: the day the period's opening customer count is taken
--   previous_period_start: first day of the period before
--   period_label: 2025-03, 2025-Q1 or 2025
--   is_complete: the whole period lies on or before the export date
with bounds as (
    select
        min(cohort_month) as first_month,
        {{ month_start({{ var('as_of') }}) }} as last_month
    from {{ ref('int_customers') }}
),

months as (
    select {{ add_months(bounds.first_month, numbers.n) }} as month_start
    from bounds
    cross join {{ ref('int_month_numbers') }} as numbers
    where {{ add_months(bounds.first_month, numbers.n) }} <= bounds.last_month
),

starts as (
    select distinct
        'month' as period_type,
        month_start as period_start,
        1 as months_in_period
    from months
    union all
    select distinct
        'quarter' as period_type,
        {{ quarter_start(month_start) }} as period_start,
        3 as months_in_period
    from months
    union all
    select distinct
        'year' as period_type,
        {{ year_start(month_start) }} as period_start,
        12 as months_in_period
    from months
),

bounded as (
    select
        period_type,
        period_start,
        months_in_period,
        {{ add_days({{ add_months(period_start, months_in_period) }}, -1) }}
            as natural_end
    from starts
),

final as (
    select
        period_type,
        period_start,
        case
            when natural_end > {{ var('as_of') }} then {{ var('as_of') }}
            else natural_end
        end as period_end,
        {{ add_days(period_start, -1) }} as day_before_start,
        {{ add_months(period_start, -months_in_period) }}
            as previous_period_start,
        case period_type
            when 'month' then substr(cast(period_start as varchar), 1, 7)
            when 'quarter' then substr(cast(period_start as varchar), 1, 4)
                || '-Q' || cast(quarter(period_start) as varchar)
            else substr(cast(period_start as varchar), 1, 4)
        end as period_label,
        natural_end <= {{ var('as_of') }} as is_complete
    from bounded
)

select * from final
