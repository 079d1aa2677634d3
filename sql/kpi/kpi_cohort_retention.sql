-- kpi_cohort_retention: the cohort triangle. For each acquisition cohort
-- month, how many of its members bought and how much revenue it brought in
-- each month since acquisition, up to the export date.
-- grain: one row per cohort_month x months_since_acquisition
-- key: cohort_month, months_since_acquisition
-- columns:
--   cohort_month: first day of the month the cohort was acquired in
--     (acquired_at, else first completed order)
--   months_since_acquisition: 0 for the acquisition month, 1 for the next...
--   activity_month: first day of the calendar month the row describes
--   is_complete: false for the current, partial month
--   cohort_size: customers acquired in the cohort month
--   active_customers: cohort members with a completed order in the month
--   retention_rate: active_customers / cohort_size
--   revenue: revenue of the cohort's orders in the month (not cancelled;
--     refunds negative)
--   revenue_per_member: revenue / cohort_size, in cents (half-cent ties
--     away from zero)
--   cumulative_revenue: revenue of months 0..this
--   cumulative_revenue_per_member: cumulative_revenue / cohort_size, in
--     cents (half-cent ties away from zero)
--   month_zero_revenue: revenue of the cohort's month 0
--   revenue_retention: revenue / month_zero_revenue (NULL when month 0 had
--     no revenue)
-- Months without any activity appear with zeros.
with customers as (
    select
        customer_id,
        cohort_month
    from {{ ref('int_customers') }}
    where cohort_month is not null
),

cohorts as (
    select
        cohort_month,
        count(*) as cohort_size
    from customers
    group by cohort_month
),

grid as (
    select
        cohorts.cohort_month,
        numbers.n as months_since_acquisition,
        {{ add_months(cohorts.cohort_month, numbers.n) }} as activity_month,
        cohorts.cohort_size
    from cohorts
    cross join {{ ref('int_month_numbers') }} as numbers
    where numbers.n <= {{ month_index(cohorts.cohort_month, {{ var('as_of') }}) }}
),

activity as (
    select
        customers.cohort_month,
        {{ month_index(customers.cohort_month, months.month) }}
            as months_since_acquisition,
        {{ count_true(months.completed_orders > 0) }} as active_customers,
        sum(months.revenue) as revenue
    from {{ ref('int_customer_months') }} as months
    inner join customers
        on months.customer_id = customers.customer_id
    where months.month >= customers.cohort_month
    group by
        customers.cohort_month,
        {{ month_index(customers.cohort_month, months.month) }}
),

filled as (
    select
        grid.cohort_month,
        grid.months_since_acquisition,
        grid.activity_month,
        grid.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.revenue, 0) as revenue
    from grid
    left join activity
        on grid.cohort_month = activity.cohort_month
        and grid.months_since_acquisition = activity.months_since_acquisition
),

with_history as (
    select
        filled.*,
        sum(revenue) over (
            partition by cohort_month
            order by months_since_acquisition
            rows between unbounded preceding and current row
        ) as cumulative_revenue,
        first_value(revenue) over (
            partition by cohort_month
            order by months_since_acquisition
            rows between unbounded preceding and current row
        ) as month_zero_revenue
    from filled
),

final as (
    select
        cohort_month,
        cast(months_since_acquisition as integer) as months_since_acquisition,
        activity_month,
        {{ add_days({{ add_months(activity_month, 1) }}, -1) }} <= {{ var('as_of') }}
            as is_complete,
        cast(cohort_size as bigint) as cohort_size,
        cast(active_customers as bigint) as active_customers,
        {{ safe_div(active_customers, cohort_size) }} as retention_rate,
        cast(revenue as decimal(18, 2)) as revenue,
        {{ money_div(revenue, cohort_size) }} as revenue_per_member,
        cast(cumulative_revenue as decimal(18, 2)) as cumulative_revenue,
        {{ money_div(cumulative_revenue, cohort_size) }}
            as cumulative_revenue_per_member,
        cast(month_zero_revenue as decimal(18, 2)) as month_zero_revenue,
        {{ safe_div(revenue, month_zero_revenue) }} as revenue_retention
    from with_history
)

select * from final
