-- kpi_cac_by_channel: what it cost to acquire a customer per month and
-- channel (and 'all' = blended), against what those customers are worth.
-- grain: one row per month x channel; every month from the first
-- acquisition to the export date has its 'all' row
-- key: month, channel
-- columns:
--   month: first day of the acquisition month
--   channel: acquisition channel, or 'all' (every channel, blended)
--   acquisition_spend: marketing spend with purpose acquisition
--   new_customers: customers acquired in the month through the channel
--   cac: acquisition_spend / new_customers, in cents (half-cent ties away
--     from zero; NULL when nobody was acquired)
--   net_clv_total: sum of the historical net CLV (int_customer_clv) of
--     those customers over clv_horizon_months, as far as observed
--   clv: net_clv_total / new_customers, in cents (half-cent ties away from
--     zero): their mean net CLV
--   clv_to_cac: clv / cac, of the two published cent values
--   payback_months: months of gross profit (revenue where cost is missing),
--     counting the acquisition month as 1, until cumulative gross profit per
--     acquired customer reaches cac; NULL while not reached
--   within_budget: cac <= cac_to_clv_max_ratio x clv, of the published
--     values (a 5,000 CLV justifies at most 500 of CAC at the default 0.10);
--     NULL when either is unknown
with channel_months as (
    select
        month,
        channel,
        acquisition_spend,
        new_customers
    from {{ ref('int_channel_month_acquisition') }}
),

grouped as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(acquisition_spend) as acquisition_spend,
        sum(new_customers) as new_customers
    from channel_months
    group by grouping sets ((month, channel), (month))
),

-- Every month of the reporting range has its 'all' row, so a chart of the
-- blended figures has no holes: a month without spend or customers spent 0
-- (NULL when no marketing spend was exported at all) on 0 customers.
both_levels as (
    select
        month,
        channel,
        acquisition_spend,
        new_customers
    from grouped
    union all
    select
        periods.period_start as month,
        'all' as channel,
        case
            when {{ has_rows({{ ref('stg_marketing_spend') }}) }}
                then cast(0 as decimal(18, 2))
        end as acquisition_spend,
        0 as new_customers
    from {{ ref('int_periods') }} as periods
    where periods.period_type = 'month'
        and not exists (
            select 1
            from grouped
            where grouped.channel = 'all'
                and grouped.month = periods.period_start
        )
),

-- The published CAC, in cents: payback and the budget verdict use it too.
priced as (
    select
        month,
        channel,
        new_customers,
        {{ money_div(acquisition_spend, new_customers) }} as cac
    from both_levels
),

customers as (
    select
        customer_id,
        cohort_month,
        acquisition_channel,
        net_clv
    from {{ ref('int_customer_clv') }}
),

-- Each customer has one acquisition channel, so the 'all' sums are the sums
-- of the channel sums: customers are read once, not once per level.
channel_clv as (
    select
        cohort_month as month,
        acquisition_channel as channel,
        sum(net_clv) as net_clv_total
    from customers
    group by cohort_month, acquisition_channel
),

clv_levels as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(net_clv_total) as net_clv_total
    from channel_clv
    group by grouping sets ((month, channel), (month))
),

clv as (
    select
        both_levels.month,
        both_levels.channel,
        clv_levels.net_clv_total,
        -- exact sum, then divide exactly: a DOUBLE avg varies with thread order
        {{ money_div(clv_levels.net_clv_total, both_levels.new_customers) }}
            as clv
    from both_levels
    inner join clv_levels
        on both_levels.month = clv_levels.month
        and both_levels.channel = clv_levels.channel
),

channel_margins as (
    select
        customers.cohort_month as month,
        customers.acquisition_channel as channel,
        {{ month_index(customers.cohort_month, months.month) }}
            as month_number,
        sum(months.margin) as margin
    from customers
    inner join {{ ref('int_customer_months') }} as months
        on months.customer_id = customers.customer_id
        and months.month >= customers.cohort_month
    group by
        customers.cohort_month,
        customers.acquisition_channel,
        {{ month_index(customers.cohort_month, months.month) }}
),

margins as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        month_number,
        sum(margin) as margin
    from channel_margins
    group by grouping sets (
        (month, channel, month_number),
        (month, month_number)
    )
),

payback_grid as (
    select
        priced.month,
        priced.channel,
        numbers.n as month_number,
        priced.cac,
        priced.new_customers
    from priced
    cross join {{ ref('int_month_numbers') }} as numbers
    where numbers.n <= {{ month_index(priced.month, {{ var('as_of') }}) }}
),

cumulative as (
    select
        payback_grid.month,
        payback_grid.channel,
        payback_grid.month_number,
        payback_grid.cac,
        sum(coalesce(margins.margin, 0)) over (
            partition by payback_grid.month, payback_grid.channel
            order by payback_grid.month_number
            rows between unbounded preceding and current row
        ) as cumulative_margin,
        payback_grid.new_customers
    from payback_grid
    left join margins
        on payback_grid.month = margins.month
        and payback_grid.channel = margins.channel
        and payback_grid.month_number = margins.month_number
),

payback as (
    select
        month,
        channel,
        min(month_number) + 1 as payback_months
    from cumulative
    where cac is not null
        and {{ safe_div(cumulative_margin, new_customers) }} >= cac
    group by month, channel
),

final as (
    select
        both_levels.month,
        both_levels.channel,
        cast(both_levels.acquisition_spend as decimal(18, 2))
            as acquisition_spend,
        cast(both_levels.new_customers as bigint) as new_customers,
        priced.cac,
        cast(coalesce(clv.net_clv_total, 0) as decimal(18, 2))
            as net_clv_total,
        clv.clv,
        {{ safe_div(clv.clv, priced.cac) }} as clv_to_cac,
        cast(payback.payback_months as integer) as payback_months,
        priced.cac <= {{ var('cac_to_clv_max_ratio') }} * clv.clv
            as within_budget
    from both_levels
    inner join priced
        on both_levels.month = priced.month
        and both_levels.channel = priced.channel
    left join clv
        on both_levels.month = clv.month
        and both_levels.channel = clv.channel
    left join payback
        on both_levels.month = payback.month
        and both_levels.channel = payback.channel
)

select * from final
