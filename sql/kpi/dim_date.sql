-- dim_date: the calendar BI tools join the KPI tables to, one row per day,
-- with the month, quarter and year keys the KPI tables use and the fiscal
-- labels of the configured fiscal year (fiscal_year_start_month, default 1 =
-- January). A fiscal year is named after the calendar year it ends in: with
-- fiscal_year_start_month 4, April 2025 to March 2026 is FY2026.
-- grain: one row per calendar day, whole fiscal years from the one holding
--   the first reporting month to the one holding the export date
-- key: calendar_date
-- columns:
--   calendar_date: the day; join any DATE column to it (the month, cohort_month
--     and period_start keys of the KPI tables are first days of months)
--   day_of_month: 1-31
--   iso_day_of_week: ISO 8601 day of the week, 1 = Monday to 7 = Sunday
--   day_name: Monday to Sunday
--   iso_week: ISO 8601 week number, 1-53 (weeks start on Monday; week 1
--     holds the year's first Thursday)
--   iso_year: the year the ISO week belongs to (differs from calendar_year in
--     the first and last days of some years)
--   month_start: first day of the month (the month key of the monthly tables)
--   month_end: last day of the month
--   month_of_year: 1-12
--   month_name: January to December
--   month_label: 2025-03, as period_label of the monthly rows
--   quarter_start: first day of the calendar quarter
--   quarter_of_year: 1-4
--   quarter_label: 2025-Q1, as period_label of the quarterly rows
--   year_start: first day of the calendar year
--   calendar_year: the calendar year
--   fiscal_year: the fiscal year, named after the calendar year it ends in
--   fiscal_year_label: FY2026
--   fiscal_year_start: first day of the fiscal year
--   fiscal_quarter: 1-4, counted from the fiscal year's first month
--   fiscal_quarter_label: FY2026-Q1
--   fiscal_quarter_start: first day of the fiscal quarter
--   fiscal_month_of_year: 1-12, counted from the fiscal year's first month
--   fiscal_period_label: FY2026-P01 (fiscal month 1)
--   is_month_start: the first day of a month; filter on it to get one row
--     per month
--   is_month_end: the last day of a month
--   is_complete_month: the whole month lies on or before the export date, as
--     is_complete of the monthly KPI tables
--   is_future: the day is after the export date (rows run to the end of the
--     fiscal year)
with bounds as (
    select
        min(period_start) as first_month,
        max(period_start) as last_month
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

fiscal_bounds as (
    select
        {{ add_months(first_month, -mod(month(first_month) - {{ var('fiscal_year_start_month') }} + 12, 12)) }}
            as first_day,
        {{ add_days({{ add_months({{ add_months(last_month, -mod(month(last_month) - {{ var('fiscal_year_start_month') }} + 12, 12)) }}, 12) }}, -1) }}
            as last_day
    from bounds
),

months as (
    select {{ add_months(fiscal_bounds.first_day, numbers.n) }} as month_start
    from fiscal_bounds
    cross join {{ ref('int_month_numbers') }} as numbers
    where {{ add_months(fiscal_bounds.first_day, numbers.n) }}
        <= fiscal_bounds.last_day
),

days as (
    select
        {{ add_days(months.month_start, numbers.n) }} as calendar_date,
        months.month_start
    from months
    cross join {{ ref('int_month_numbers') }} as numbers
    where numbers.n < 31
        and {{ add_days(months.month_start, numbers.n) }}
        < {{ add_months(months.month_start, 1) }}
),

-- 2000-01-03 was a Monday; the double mod keeps earlier days positive.
weekdays as (
    select
        calendar_date,
        month_start,
        mod(mod({{ days_between(DATE '2000-01-03', calendar_date) }}, 7) + 7, 7)
            + 1 as iso_day_of_week,
        mod(month(calendar_date) - {{ var('fiscal_year_start_month') }} + 12, 12)
            + 1 as fiscal_month_of_year
    from days
),

-- The ISO week of a day is the week of that week's Thursday.
thursdays as (
    select
        calendar_date,
        month_start,
        iso_day_of_week,
        fiscal_month_of_year,
        {{ add_days(calendar_date, 4 - iso_day_of_week) }} as week_thursday,
        year(calendar_date)
        + case
            when {{ var('fiscal_year_start_month') }} > 1
                and month(calendar_date) >= {{ var('fiscal_year_start_month') }}
                then 1
            else 0
        end as fiscal_year,
        case
            when fiscal_month_of_year <= 3 then 1
            when fiscal_month_of_year <= 6 then 2
            when fiscal_month_of_year <= 9 then 3
            else 4
        end as fiscal_quarter
    from weekdays
),

final as (
    select
        calendar_date,
        cast(day(calendar_date) as integer) as day_of_month,
        cast(iso_day_of_week as integer) as iso_day_of_week,
        case iso_day_of_week
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
            else 'Sunday'
        end as day_name,
        cast(
            floor(
                {{ safe_div({{ days_between({{ year_start(week_thursday) }}, week_thursday) }}, 7) }}
            ) + 1 as integer
        ) as iso_week,
        cast(year(week_thursday) as integer) as iso_year,
        month_start,
        {{ add_days({{ add_months(month_start, 1) }}, -1) }} as month_end,
        cast(month(calendar_date) as integer) as month_of_year,
        case month(calendar_date)
            when 1 then 'January'
            when 2 then 'February'
            when 3 then 'March'
            when 4 then 'April'
            when 5 then 'May'
            when 6 then 'June'
            when 7 then 'July'
            when 8 then 'August'
            when 9 then 'September'
            when 10 then 'October'
            when 11 then 'November'
            else 'December'
        end as month_name,
        substr(cast(month_start as varchar), 1, 7) as month_label,
        {{ quarter_start(calendar_date) }} as quarter_start,
        cast(quarter(calendar_date) as integer) as quarter_of_year,
        substr(cast(calendar_date as varchar), 1, 4)
        || '-Q' || cast(quarter(calendar_date) as varchar) as quarter_label,
        {{ year_start(calendar_date) }} as year_start,
        cast(year(calendar_date) as integer) as calendar_year,
        cast(fiscal_year as integer) as fiscal_year,
        'FY' || cast(fiscal_year as varchar) as fiscal_year_label,
        {{ add_months(month_start, 1 - fiscal_month_of_year) }}
            as fiscal_year_start,
        cast(fiscal_quarter as integer) as fiscal_quarter,
        'FY' || cast(fiscal_year as varchar)
        || '-Q' || cast(fiscal_quarter as varchar) as fiscal_quarter_label,
        {{ add_months(month_start, 1 - fiscal_month_of_year + 3 * (fiscal_quarter - 1)) }}
            as fiscal_quarter_start,
        cast(fiscal_month_of_year as integer) as fiscal_month_of_year,
        'FY' || cast(fiscal_year as varchar)
        || '-P' || lpad(cast(fiscal_month_of_year as varchar), 2, '0')
            as fiscal_period_label,
        day(calendar_date) = 1 as is_month_start,
        {{ add_days(calendar_date, 1) }}
        = {{ add_months(month_start, 1) }} as is_month_end,
        {{ add_days({{ add_months(month_start, 1) }}, -1) }}
        <= {{ var('as_of') }} as is_complete_month,
        calendar_date > {{ var('as_of') }} as is_future
    from thursdays
)

select * from final
