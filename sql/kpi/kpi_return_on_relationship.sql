-- kpi_return_on_relationship: what retention spend earned from the existing
-- customer base, per period and segment (and 'all').
-- grain: one row per period_type x period_start x segment
-- key: period_type, period_start, segment
-- columns:
--   period_type: month, quarter or year
--   period_start: first day of the period
--   period_end: last day of the period (the export date if partial)
--   period_label: 2025-03, 2025-Q1 or 2025
--   is_complete: false for the current, partial period (its revenue is
--     compared with a whole previous period)
--   segment: business segment, or 'all'
--   base_customers: the existing base, customers acquired before the start
--     of the previous period
--   revenue: revenue of the base in this period
--   previous_revenue: revenue of the base in the previous period
--   incremental_revenue: revenue - previous_revenue; NULL when there is no
--     existing base (base_customers 0): nothing to have retained
--   gross_profit: gross profit of the base in this period (orders with cost)
--   previous_gross_profit: the same in the previous period
--   incremental_profit: gross_profit - previous_gross_profit. A period
--     without orders counts as 0; NULL when there is no existing base, when
--     a period has orders but none with a cost (its profit is unknown), or
--     when neither period has an order with a cost
--   retention_spend: marketing spend with purpose retention in the period;
--     a segment row counts only spend aimed at that segment; NULL when no
--     marketing spend was exported at all
--   ror_revenue: incremental_revenue / retention_spend (NULL when either is
--     unknown or no retention spend)
--   ror_profit: incremental_profit / retention_spend (the same)
with periods as (
    select
        period_type,
        period_start,
        period_end,
        period_label,
        is_complete,
        previous_period_start
    from {{ ref('int_periods') }}
),

-- The base is "acquired before previous_period_start", a month start, so
-- a customer's acquisition month decides membership: revenue and customers
-- are summed per segment x cohort month first (thousands of rows), and only
-- those sums are matched to periods, never customers x periods.
customers as (
    select
        customer_id,
        cohort_month,
        segment
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

segments as (
    select distinct segment from customers
),

cohort_sizes as (
    select
        segment,
        cohort_month,
        count(*) as customers
    from customers
    group by segment, cohort_month
),

cohort_months as (
    select
        customers.segment,
        customers.cohort_month,
        months.month,
        sum(months.revenue) as revenue,
        sum(months.gross_profit) as gross_profit
    from {{ ref('int_customer_months') }} as months
    inner join customers
        on months.customer_id = customers.customer_id
    group by customers.segment, customers.cohort_month, months.month
),

base_revenue as (
    select
        periods.period_type,
        periods.period_start,
        cohort_months.segment,
        sum(case when cohort_months.month >= periods.period_start
            then cohort_months.revenue end) as revenue,
        sum(case when cohort_months.month < periods.period_start
            then cohort_months.revenue end) as previous_revenue,
        sum(case when cohort_months.month >= periods.period_start
            then cohort_months.gross_profit end) as gross_profit,
        sum(case when cohort_months.month < periods.period_start
            then cohort_months.gross_profit end) as previous_gross_profit
    from periods
    inner join cohort_months
        on cohort_months.cohort_month < periods.previous_period_start
        and cohort_months.month >= periods.previous_period_start
        and cohort_months.month <= periods.period_end
    group by periods.period_type, periods.period_start, cohort_months.segment
),

base_size as (
    select
        periods.period_type,
        periods.period_start,
        cohort_sizes.segment,
        sum(cohort_sizes.customers) as base_customers
    from periods
    inner join cohort_sizes
        on cohort_sizes.cohort_month < periods.previous_period_start
    group by periods.period_type, periods.period_start, cohort_sizes.segment
),

spend as (
    select
        periods.period_type,
        periods.period_start,
        spend.target_segment,
        sum(spend.amount) as retention_spend
    from periods
    inner join {{ ref('stg_marketing_spend') }} as spend
        on spend.spent_on >= periods.period_start
        and spend.spent_on <= periods.period_end
    where spend.purpose = 'retention'
    group by periods.period_type, periods.period_start, spend.target_segment
),

by_segment as (
    select
        periods.period_type,
        periods.period_start,
        segments.segment,
        coalesce(base_size.base_customers, 0) as base_customers,
        coalesce(base_revenue.revenue, 0) as revenue,
        coalesce(base_revenue.previous_revenue, 0) as previous_revenue,
        base_revenue.gross_profit,
        base_revenue.previous_gross_profit,
        base_revenue.revenue is not null as has_orders,
        base_revenue.previous_revenue is not null as has_previous_orders,
        coalesce(spend.retention_spend, 0) as retention_spend
    from periods
    cross join segments
    left join base_size
        on periods.period_type = base_size.period_type
        and periods.period_start = base_size.period_start
        and segments.segment = base_size.segment
    left join base_revenue
        on periods.period_type = base_revenue.period_type
        and periods.period_start = base_revenue.period_start
        and segments.segment = base_revenue.segment
    left join spend
        on periods.period_type = spend.period_type
        and periods.period_start = spend.period_start
        and segments.segment = spend.target_segment
),

all_segments as (
    select
        by_segment.period_type,
        by_segment.period_start,
        'all' as segment,
        sum(by_segment.base_customers) as base_customers,
        sum(by_segment.revenue) as revenue,
        sum(by_segment.previous_revenue) as previous_revenue,
        sum(by_segment.gross_profit) as gross_profit,
        sum(by_segment.previous_gross_profit) as previous_gross_profit,
        bool_or(by_segment.has_orders) as has_orders,
        bool_or(by_segment.has_previous_orders) as has_previous_orders,
        coalesce(max(total_spend.retention_spend), 0) as retention_spend
    from by_segment
    left join (
        select
            period_type,
            period_start,
            sum(retention_spend) as retention_spend
        from spend
        group by period_type, period_start
    ) as total_spend
        on by_segment.period_type = total_spend.period_type
        and by_segment.period_start = total_spend.period_start
    group by by_segment.period_type, by_segment.period_start
),

both_levels as (
    select * from by_segment
    union all
    select * from all_segments
),

with_profit as (
    select
        both_levels.*,
        case
            when base_customers > 0 then revenue - previous_revenue
        end as revenue_change,
        case
            when base_customers = 0 then null
            when has_orders and gross_profit is null then null
            when has_previous_orders and previous_gross_profit is null then null
            when gross_profit is null and previous_gross_profit is null
                then null
            else coalesce(gross_profit, 0) - coalesce(previous_gross_profit, 0)
        end as profit_change
    from both_levels
),

final as (
    select
        both_levels.period_type,
        both_levels.period_start,
        periods.period_end,
        periods.period_label,
        periods.is_complete,
        both_levels.segment,
        cast(both_levels.base_customers as bigint) as base_customers,
        cast(both_levels.revenue as decimal(18, 2)) as revenue,
        cast(both_levels.previous_revenue as decimal(18, 2))
            as previous_revenue,
        cast(both_levels.revenue_change as decimal(18, 2))
            as incremental_revenue,
        cast(both_levels.gross_profit as decimal(18, 2)) as gross_profit,
        cast(both_levels.previous_gross_profit as decimal(18, 2))
            as previous_gross_profit,
        cast(both_levels.profit_change as decimal(18, 2))
            as incremental_profit,
        cast(case
            when {{ has_rows({{ ref('stg_marketing_spend') }}) }} then both_levels.retention_spend
        end as decimal(18, 2)) as retention_spend,
        {{ safe_div(both_levels.revenue_change,
            both_levels.retention_spend) }} as ror_revenue,
        {{ safe_div(both_levels.profit_change,
            both_levels.retention_spend) }} as ror_profit
    from with_profit as both_levels
    inner join periods
        on both_levels.period_type = periods.period_type
        and both_levels.period_start = periods.period_start
)

select * from final
