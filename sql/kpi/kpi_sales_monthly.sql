-- kpi_sales_monthly: the sales and marketing funnel per month and channel
-- (and channel = 'all'): leads, their qualification, conversion and response
-- time, the deal pipeline, win rate and sales cycle, upsell and cross-sell,
-- net new revenue and average purchase value.
-- grain: one row per month x channel (every month of the reporting calendar
--   x every channel seen, plus 'all')
-- key: month, channel
-- columns:
--   month: first day of the calendar month
--   month_end: last day of the month, or the export date for the current
--     (partial) month; the day the open pipeline is taken
--   is_complete: false for the current, partial month
--   channel: marketing channel, or 'all' (every channel together). Leads
--     carry their own channel ('unknown' when empty); deals and orders take
--     the acquisition_channel of their customer ('unknown' for a deal
--     without a known customer and for implied customers)
--   leads_created: leads created in the month
--   leads_converted: leads created in the month that converted, at any time
--     up to the export date (a lead converting later counts for the month it
--     was created in, so recent months still grow)
--   lead_conversion_rate: leads_converted / leads_created
--   leads_qualified: leads created in the month with a qualified_at, at any
--     time up to the export date
--   lead_qualification_rate: leads_qualified / leads_created
--   leads_responded: leads created in the month with a first_response_at
--   leads_without_response: leads created in the month with no
--     first_response_at yet
--   lead_response_hours_total: sum of hours from created_at to
--     first_response_at over leads_responded (0 when none)
--   lead_response_hours_mean: lead_response_hours_total / leads_responded
--     (hours; NULL when no lead was responded to)
--   lead_response_hours_median: median of the same hours (exact; the mean
--     of the two middle values for an even count; NULL when none)
--   open_deals: deals open at month_end: created on or before it and not
--     closed by then. A deal whose current status is open counts as open
--     even when it carries the closed_at of an earlier loss (reopened)
--   pipeline_value: sum of amount of open_deals (reporting currency)
--   deals_won: deals with status won and closed_at in the month
--   deals_lost: deals with status lost and closed_at in the month
--   deals_closed: deals_won + deals_lost
--   win_rate: deals_won / deals_closed (NULL when nothing closed)
--   sales_cycle_days_total: sum of days (fractional: hours / 24) from
--     created_at to closed_at over deals_won (0 when none)
--   sales_cycle_days_mean: sales_cycle_days_total / deals_won (days; NULL
--     when nothing was won)
--   upsell_deals_won: deals_won with deal_type upsell
--   cross_sell_deals_won: deals_won with deal_type cross_sell
--   active_customers: customers of the channel active at month_end (a
--     completed order in the churn_window_days days up to it, or a contract
--     covering it)
--   upsell_rate: upsell_deals_won / active_customers
--   cross_sell_rate: cross_sell_deals_won / active_customers
--   new_customer_revenue: revenue in the month from customers acquired in
--     the month (cohort month = month)
--   new_business_won_amount: amount of deals_won with deal_type
--     new_business
--   net_new_revenue: new_customer_revenue + new_business_won_amount;
--     revenue of existing customers and renewal, upsell and cross-sell deals
--     are not in it
--   revenue: sum of amount of the month's orders that are not cancelled
--     (refunds negative)
--   completed_orders: orders with status completed in the month
--   average_purchase_value: revenue / completed_orders, in cents (half-cent
--     ties away from zero; NULL when none)
-- Counts are 0 and ratios NULL where nothing happened. Deals count by their
-- current status only: a reopened deal is neither won nor lost. Records
-- dated outside the reporting calendar (before the first acquisition month)
-- are not shown.
with months as (
    select
        period_start as month,
        period_end as month_end,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

-- Every additive measure is first counted per month x channel (a customer,
-- deal or lead has one channel), and the 'all' rows are the sums of those
-- few rows; only the response-time median, which does not add up, is ranked
-- over the leads again for 'all'. Orders are read as customer-months, and the
-- open pipeline is counted on deals grouped by the first and last month they
-- are open in, so no large table is joined to the months.
customers as (
    select
        customer_id,
        cohort_month,
        acquisition_channel
    from {{ ref('int_customers') }}
),

leads as (
    select
        {{ month_start(created_date) }} as month,
        channel,
        is_qualified,
        is_converted,
        case
            when first_response_at is not null
                then {{ hours_between(created_at, first_response_at) }}
        end as response_hours
    from {{ ref('stg_leads') }}
),

channel_lead_counts as (
    select
        month,
        channel,
        count(*) as leads_created,
        {{ count_true(is_converted) }} as leads_converted,
        {{ count_true(is_qualified) }} as leads_qualified,
        count(response_hours) as leads_responded,
        {{ count_true(response_hours is null) }} as leads_without_response,
        {{ exact_sum(response_hours) }} as lead_response_hours_total
    from leads
    group by month, channel
),

-- Each channel row, and its month's 'all' row as the sum of the channels
-- (here and in pipeline, closed_deals, active_counts and order_counts).
lead_counts as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(leads_created) as leads_created,
        sum(leads_converted) as leads_converted,
        sum(leads_qualified) as leads_qualified,
        sum(leads_responded) as leads_responded,
        sum(leads_without_response) as leads_without_response,
        sum(lead_response_hours_total) as lead_response_hours_total
    from channel_lead_counts
    group by grouping sets ((month, channel), (month))
),

response_levels as (
    select month, channel, response_hours
    from leads
    where response_hours is not null
    union all
    select month, 'all' as channel, response_hours
    from leads
    where response_hours is not null
),

response_ranked as (
    select
        month,
        channel,
        response_hours,
        row_number() over (
            partition by month, channel
            order by response_hours
        ) as position,
        count(*) over (partition by month, channel) as n
    from response_levels
),

response_medians as (
    select
        month,
        channel,
        avg(cast(response_hours as double)) as lead_response_hours_median
    from response_ranked
    where {{ is_middle_row(position, n) }}
    group by month, channel
),

deals as (
    select
        coalesce(customers.acquisition_channel, 'unknown') as channel,
        deals.created_date,
        deals.closed_date,
        {{ month_start(deals.closed_date) }} as closed_month,
        deals.is_open,
        deals.is_won,
        deals.is_lost,
        deals.amount,
        deals.deal_type,
        case
            when deals.is_won then {{ safe_div(
                {{ hours_between(deals.created_at, deals.closed_at) }}, 24) }}
        end as cycle_days
    from {{ ref('stg_deals') }} as deals
    left join customers
        on deals.customer_id = customers.customer_id
),

-- A date d is on or before month_end of exactly the months from its
-- reached_month on (the month of d, or the month after it when d is after
-- the export date, the month_end of the current month). So a deal is open
-- at month_end of month m when created_reached <= m and (is_open or
-- m < closed_reached), and deals with equal reached months count together.
deal_spans as (
    select
        channel,
        is_open,
        {{ reached_month(created_date) }} as created_reached,
        {{ reached_month(closed_date) }} as closed_reached,
        amount
    from deals
),

deal_span_groups as (
    select
        channel,
        is_open,
        created_reached,
        closed_reached,
        count(*) as deals,
        sum(amount) as amount
    from deal_spans
    group by channel, is_open, created_reached, closed_reached
),

channel_pipeline as (
    select
        months.month,
        deal_span_groups.channel,
        sum(deal_span_groups.deals) as open_deals,
        sum(deal_span_groups.amount) as pipeline_value
    from months
    inner join deal_span_groups
        on deal_span_groups.created_reached <= months.month
        and (
            deal_span_groups.is_open
            or months.month < deal_span_groups.closed_reached
        )
    group by months.month, deal_span_groups.channel
),

pipeline as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(open_deals) as open_deals,
        sum(pipeline_value) as pipeline_value
    from channel_pipeline
    group by grouping sets ((month, channel), (month))
),

channel_closed_deals as (
    select
        closed_month as month,
        channel,
        {{ count_true(is_won) }} as deals_won,
        {{ count_true(is_lost) }} as deals_lost,
        {{ exact_sum(cycle_days) }} as sales_cycle_days_total,
        {{ count_true(is_won and deal_type = 'upsell') }} as upsell_deals_won,
        {{ count_true(is_won and deal_type = 'cross_sell') }}
            as cross_sell_deals_won,
        sum(case when is_won and deal_type = 'new_business' then amount end)
            as new_business_won_amount
    from deals
    where closed_month is not null
    group by closed_month, channel
),

closed_deals as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(sales_cycle_days_total) as sales_cycle_days_total,
        sum(upsell_deals_won) as upsell_deals_won,
        sum(cross_sell_deals_won) as cross_sell_deals_won,
        sum(new_business_won_amount) as new_business_won_amount
    from channel_closed_deals
    group by grouping sets ((month, channel), (month))
),

-- Active at month_end = inside an activity spell (spells are disjoint and
-- only of acquired customers, so a customer is counted once): a spell counts
-- from the month its start is reached to the month before its day after
-- spell_end is reached.
spell_spans as (
    select
        coalesce(customers.acquisition_channel, 'unknown') as channel,
        {{ reached_month(spells.spell_start) }} as start_reached,
        {{ reached_month({{ add_days(spells.spell_end, 1) }}) }} as end_reached
    from {{ ref('int_activity_spells') }} as spells
    left join customers
        on spells.customer_id = customers.customer_id
),

spell_span_groups as (
    select
        channel,
        start_reached,
        end_reached,
        count(*) as spells
    from spell_spans
    group by channel, start_reached, end_reached
),

channel_active_counts as (
    select
        months.month,
        spell_span_groups.channel,
        sum(spell_span_groups.spells) as active_customers
    from months
    inner join spell_span_groups
        on spell_span_groups.start_reached <= months.month
        and months.month < spell_span_groups.end_reached
    group by months.month, spell_span_groups.channel
),

active_counts as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(active_customers) as active_customers
    from channel_active_counts
    group by grouping sets ((month, channel), (month))
),

channel_order_counts as (
    select
        customer_months.month,
        coalesce(customers.acquisition_channel, 'unknown') as channel,
        sum(customer_months.revenue) as revenue,
        sum(customer_months.completed_orders) as completed_orders,
        sum(
            case
                when customers.cohort_month = customer_months.month
                    then customer_months.revenue
            end
        ) as new_customer_revenue
    from {{ ref('int_customer_months') }} as customer_months
    left join customers
        on customer_months.customer_id = customers.customer_id
    group by
        customer_months.month,
        coalesce(customers.acquisition_channel, 'unknown')
),

order_counts as (
    select
        month,
        case when grouping(channel) = 1 then 'all' else channel end as channel,
        sum(revenue) as revenue,
        sum(completed_orders) as completed_orders,
        sum(new_customer_revenue) as new_customer_revenue
    from channel_order_counts
    group by grouping sets ((month, channel), (month))
),

channels as (
    select channel from leads
    union
    select channel from deals
    union
    select acquisition_channel as channel from customers
    union
    select 'all' as channel
),

grid as (
    select
        months.month,
        months.month_end,
        months.is_complete,
        channels.channel,
        coalesce(lead_counts.leads_created, 0) as leads_created,
        coalesce(lead_counts.leads_converted, 0) as leads_converted,
        coalesce(lead_counts.leads_qualified, 0) as leads_qualified,
        coalesce(lead_counts.leads_responded, 0) as leads_responded,
        coalesce(lead_counts.leads_without_response, 0)
            as leads_without_response,
        coalesce(lead_counts.lead_response_hours_total, 0)
            as lead_response_hours_total,
        response_medians.lead_response_hours_median,
        coalesce(pipeline.open_deals, 0) as open_deals,
        coalesce(pipeline.pipeline_value, 0) as pipeline_value,
        coalesce(closed_deals.deals_won, 0) as deals_won,
        coalesce(closed_deals.deals_lost, 0) as deals_lost,
        coalesce(closed_deals.sales_cycle_days_total, 0)
            as sales_cycle_days_total,
        coalesce(closed_deals.upsell_deals_won, 0) as upsell_deals_won,
        coalesce(closed_deals.cross_sell_deals_won, 0) as cross_sell_deals_won,
        coalesce(active_counts.active_customers, 0) as active_customers,
        coalesce(order_counts.new_customer_revenue, 0) as new_customer_revenue,
        coalesce(closed_deals.new_business_won_amount, 0)
            as new_business_won_amount,
        coalesce(order_counts.revenue, 0) as revenue,
        coalesce(order_counts.completed_orders, 0) as completed_orders
    from months
    cross join channels
    left join lead_counts
        on months.month = lead_counts.month
        and channels.channel = lead_counts.channel
    left join response_medians
        on months.month = response_medians.month
        and channels.channel = response_medians.channel
    left join pipeline
        on months.month = pipeline.month
        and channels.channel = pipeline.channel
    left join closed_deals
        on months.month = closed_deals.month
        and channels.channel = closed_deals.channel
    left join active_counts
        on months.month = active_counts.month
        and channels.channel = active_counts.channel
    left join order_counts
        on months.month = order_counts.month
        and channels.channel = order_counts.channel
),

final as (
    select
        month,
        month_end,
        is_complete,
        channel,
        cast(leads_created as bigint) as leads_created,
        cast(leads_converted as bigint) as leads_converted,
        {{ safe_div(leads_converted, leads_created) }} as lead_conversion_rate,
        cast(leads_qualified as bigint) as leads_qualified,
        {{ safe_div(leads_qualified, leads_created) }}
            as lead_qualification_rate,
        cast(leads_responded as bigint) as leads_responded,
        cast(leads_without_response as bigint) as leads_without_response,
        cast(lead_response_hours_total as double) as lead_response_hours_total,
        {{ safe_div(lead_response_hours_total, leads_responded) }}
            as lead_response_hours_mean,
        cast(lead_response_hours_median as double)
            as lead_response_hours_median,
        cast(open_deals as bigint) as open_deals,
        cast(pipeline_value as decimal(18, 2)) as pipeline_value,
        cast(deals_won as bigint) as deals_won,
        cast(deals_lost as bigint) as deals_lost,
        cast(deals_won + deals_lost as bigint) as deals_closed,
        {{ safe_div(deals_won, deals_won + deals_lost) }} as win_rate,
        cast(sales_cycle_days_total as double) as sales_cycle_days_total,
        {{ safe_div(sales_cycle_days_total, deals_won) }}
            as sales_cycle_days_mean,
        cast(upsell_deals_won as bigint) as upsell_deals_won,
        cast(cross_sell_deals_won as bigint) as cross_sell_deals_won,
        cast(active_customers as bigint) as active_customers,
        {{ safe_div(upsell_deals_won, active_customers) }} as upsell_rate,
        {{ safe_div(cross_sell_deals_won, active_customers) }}
            as cross_sell_rate,
        cast(new_customer_revenue as decimal(18, 2)) as new_customer_revenue,
        cast(new_business_won_amount as decimal(18, 2))
            as new_business_won_amount,
        cast(new_customer_revenue + new_business_won_amount as decimal(18, 2))
            as net_new_revenue,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(completed_orders as bigint) as completed_orders,
        {{ money_div(revenue, completed_orders) }} as average_purchase_value
    from grid
)

select * from final
