-- kpi_retention_monthly: retention and loyalty per month and segment (and
-- 'all'): retention and churn from the reconciliation sheet, repeat
-- purchase, contract renewal, the cost of retention and net revenue
-- retention over 12 months.
-- grain: one row per month x segment
-- key: month, segment
-- columns:
--   month: first day of the month
--   is_complete: false for the current, partial month
--   segment: business segment, or 'all'
--   customers_start: active on the day before the month
--   retained_from_start: of those, still active on the month's last day
--   lost_from_start: of those, not active on the month's last day
--   customers_end_not_new: kpi_customer_reconciliation's customers_end -
--     acquired - reactivated: retained_from_start less the customers
--     acquired or reactivated in the month and lost again by its end
--   retention_rate: retained_from_start / customers_start, the share of
--     the starting base still active at the month's end (= 1 - churn_rate)
--   churn_rate: lost_from_start / customers_start
--   customers_with_purchase: customers with a completed order on or before
--     the month's end
--   repeat_customers: of those, customers with two or more
--   repeat_purchase_rate: repeat_customers / customers_with_purchase
--   customers_ordering: customers with a completed order in the month
--   returning_customers: of those, customers with a completed order in an
--     earlier month
--   repeat_purchase_rate_month: returning_customers / customers_ordering
--   contracts_ending: contracts whose ends_on falls in the month
--   contracts_renewed: of those, contracts followed by another contract of
--     the same customer starting on or after their ends_on and no later
--     than renewal_grace_days after it (a contract started before the end,
--     such as a second one running alongside, is no renewal)
--   contracts_renewal_open: of contracts_ending, those not renewed whose
--     grace period runs past the export date: they may still be renewed,
--     so contracts_renewed and renewal_rate of recent months can still rise
--   renewal_rate: contracts_renewed / contracts_ending
--   retention_spend: marketing spend with purpose retention in the month
--     (a segment row counts only spend aimed at the segment); NULL when no
--     marketing spend was exported at all
--   retention_cost_per_retained: retention_spend / retained_from_start,
--     in cents (half-cent ties away from zero)
--   nrr_base_customers: customers active on the last day of the month 12
--     months earlier
--   nrr_base_revenue: their revenue in that month
--   nrr_revenue: their revenue in this month
--   net_revenue_retention: nrr_revenue / nrr_base_revenue
-- Ratios with a zero denominator are NULL.
with months as (
    select
        period_start as month,
        period_end,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

sheet as (
    select
        period_start as month,
        segment,
        customers_start,
        lost_from_start,
        customers_end_not_new,
        retention_rate,
        churn_rate
    from {{ ref('kpi_customer_reconciliation') }}
    where period_type = 'month'
),

customers as (
    select
        customer_id,
        segment
    from {{ ref('int_customers') }}
),

segment_labels as (
    select distinct segment from customers
    union all
    select 'all' as segment
),

-- Each customer has one segment, so every figure below is counted per
-- segment once and the 'all' row is the sum of the segment rows.
purchase_months as (
    select
        customer_months.customer_id,
        customers.segment,
        customer_months.month,
        customer_months.completed_orders,
        sum(customer_months.completed_orders) over (
            partition by customer_months.customer_id
            order by customer_months.month
            rows between unbounded preceding and 1 preceding
        ) as completed_orders_before
    from {{ ref('int_customer_months') }} as customer_months
    inner join customers
        on customer_months.customer_id = customers.customer_id
    where customer_months.completed_orders > 0
),

purchases_by_segment as (
    select
        segment,
        month,
        -- the month of the customer's first and second completed order
        {{ count_true(completed_orders_before is null) }} as first_purchases,
        {{ count_true(
            coalesce(completed_orders_before, 0) < 2
            and coalesce(completed_orders_before, 0) + completed_orders >= 2
        ) }} as second_purchases,
        count(*) as customers_ordering,
        {{ count_true(completed_orders_before > 0) }} as returning_customers
    from purchase_months
    group by segment, month
),

purchases as (
    select
        case when grouping(segment) = 1 then 'all' else segment end as segment,
        month,
        sum(first_purchases) as first_purchases,
        sum(second_purchases) as second_purchases,
        sum(customers_ordering) as customers_ordering,
        sum(returning_customers) as returning_customers
    from purchases_by_segment
    group by grouping sets ((segment, month), (month))
),

contracts as (
    select
        contract_id,
        customer_id,
        starts_on,
        ends_on
    from {{ ref('stg_contracts') }}
),

contract_renewals as (
    select
        ending.contract_id,
        ending.customer_id,
        {{ month_start(ending.ends_on) }} as month,
        bool_or(
            renewal.contract_id is not null
        ) as is_renewed,
        {{ add_days(ending.ends_on, {{ var('renewal_grace_days') }}) }}
            > {{ var('as_of') }} as is_grace_open
    from contracts as ending
    left join contracts as renewal
        on renewal.customer_id = ending.customer_id
        and renewal.contract_id <> ending.contract_id
        and renewal.starts_on >= ending.ends_on
        and renewal.starts_on
            <= {{ add_days(ending.ends_on, {{ var('renewal_grace_days') }}) }}
    group by
        ending.contract_id,
        ending.customer_id,
        ending.ends_on
),

renewals_by_segment as (
    select
        customers.segment,
        contract_renewals.month,
        count(*) as contracts_ending,
        {{ count_true(contract_renewals.is_renewed) }} as contracts_renewed,
        {{ count_true(
            not contract_renewals.is_renewed and contract_renewals.is_grace_open
        ) }} as contracts_renewal_open
    from contract_renewals
    inner join customers
        on contract_renewals.customer_id = customers.customer_id
    group by customers.segment, contract_renewals.month
),

renewals as (
    select
        case when grouping(segment) = 1 then 'all' else segment end as segment,
        month,
        sum(contracts_ending) as contracts_ending,
        sum(contracts_renewed) as contracts_renewed,
        sum(contracts_renewal_open) as contracts_renewal_open
    from renewals_by_segment
    group by grouping sets ((segment, month), (month))
),

spend as (
    select
        {{ month_start(spent_on) }} as month,
        target_segment as segment,
        sum(amount) as retention_spend
    from {{ ref('stg_marketing_spend') }}
    where purpose = 'retention'
        and target_segment <> 'all'
    group by {{ month_start(spent_on) }}, target_segment
    union all
    select
        {{ month_start(spent_on) }} as month,
        'all' as segment,
        sum(amount) as retention_spend
    from {{ ref('stg_marketing_spend') }}
    where purpose = 'retention'
    group by {{ month_start(spent_on) }}
),

-- NRR base: customers active on the last day of a month, i.e. inside one of
-- their activity spells then (spells of a customer are disjoint). Their
-- revenue then and 12 months later is matched to the spells through the
-- customer-months, so the 16.8M-row period status is not joined at all.
nrr_base_counts as (
    select
        period_start as base_month,
        segment,
        count(*) as nrr_base_customers
    from {{ ref('int_customer_period_status') }}
    where period_type = 'month'
        and is_active_at_end
    group by period_start, segment
),

nrr_revenue_months as (
    select
        customer_months.customer_id,
        customer_months.month as base_month,
        customer_months.revenue as base_revenue,
        cast(null as decimal(18, 2)) as revenue
    from {{ ref('int_customer_months') }} as customer_months
    union all
    select
        customer_months.customer_id,
        {{ add_months(customer_months.month, -12) }} as base_month,
        cast(null as decimal(18, 2)) as base_revenue,
        customer_months.revenue
    from {{ ref('int_customer_months') }} as customer_months
),

nrr_revenue as (
    select
        revenue_months.base_month,
        customers.segment,
        sum(revenue_months.base_revenue) as nrr_base_revenue,
        sum(revenue_months.revenue) as nrr_revenue
    from nrr_revenue_months as revenue_months
    inner join months as base_months
        on revenue_months.base_month = base_months.month
    inner join {{ ref('int_activity_spells') }} as spells
        on revenue_months.customer_id = spells.customer_id
        and spells.spell_start <= base_months.period_end
        and spells.spell_end >= base_months.period_end
    inner join customers
        on revenue_months.customer_id = customers.customer_id
    group by revenue_months.base_month, customers.segment
),

nrr_by_segment as (
    select
        {{ add_months(counts.base_month, 12) }} as month,
        counts.segment,
        counts.nrr_base_customers,
        revenue.nrr_base_revenue,
        revenue.nrr_revenue
    from nrr_base_counts as counts
    left join nrr_revenue as revenue
        on counts.base_month = revenue.base_month
        and counts.segment = revenue.segment
),

nrr as (
    select
        month,
        case when grouping(segment) = 1 then 'all' else segment end as segment,
        sum(nrr_base_customers) as nrr_base_customers,
        sum(nrr_base_revenue) as nrr_base_revenue,
        sum(nrr_revenue) as nrr_revenue
    from nrr_by_segment
    group by grouping sets ((month, segment), (month))
),

grid as (
    select
        months.month,
        months.period_end,
        months.is_complete,
        segment_labels.segment
    from months
    cross join segment_labels
),

grid_spend as (
    select
        grid.month,
        grid.segment,
        case
            when {{ has_rows({{ ref('stg_marketing_spend') }}) }}
                then coalesce(spend.retention_spend, 0)
        end as retention_spend
    from grid
    left join spend
        on grid.month = spend.month
        and grid.segment = spend.segment
),

cumulative_purchases as (
    select
        grid.month,
        grid.segment,
        grid.is_complete,
        coalesce(sum(milestones.first_purchases), 0) as customers_with_purchase,
        coalesce(sum(milestones.second_purchases), 0) as repeat_customers
    from grid
    left join purchases as milestones
        on grid.segment = milestones.segment
        and milestones.month <= grid.month
    group by grid.month, grid.segment, grid.is_complete
),

final as (
    select
        cumulative.month,
        cumulative.is_complete,
        cumulative.segment,
        cast(coalesce(sheet.customers_start, 0) as bigint) as customers_start,
        cast(
            coalesce(sheet.customers_start, 0)
            - coalesce(sheet.lost_from_start, 0) as bigint
        ) as retained_from_start,
        cast(coalesce(sheet.lost_from_start, 0) as bigint) as lost_from_start,
        cast(coalesce(sheet.customers_end_not_new, 0) as bigint)
            as customers_end_not_new,
        sheet.retention_rate,
        sheet.churn_rate,
        cast(cumulative.customers_with_purchase as bigint)
            as customers_with_purchase,
        cast(cumulative.repeat_customers as bigint) as repeat_customers,
        {{ safe_div(cumulative.repeat_customers,
            cumulative.customers_with_purchase) }} as repeat_purchase_rate,
        cast(coalesce(buyers.customers_ordering, 0) as bigint)
            as customers_ordering,
        cast(coalesce(buyers.returning_customers, 0) as bigint)
            as returning_customers,
        {{ safe_div(buyers.returning_customers, buyers.customers_ordering) }}
            as repeat_purchase_rate_month,
        cast(coalesce(renewals.contracts_ending, 0) as bigint)
            as contracts_ending,
        cast(coalesce(renewals.contracts_renewed, 0) as bigint)
            as contracts_renewed,
        cast(coalesce(renewals.contracts_renewal_open, 0) as bigint)
            as contracts_renewal_open,
        {{ safe_div(renewals.contracts_renewed, renewals.contracts_ending) }}
            as renewal_rate,
        cast(spend.retention_spend as decimal(18, 2)) as retention_spend,
        {{ money_div(spend.retention_spend,
            coalesce(sheet.customers_start, 0)
            - coalesce(sheet.lost_from_start, 0)) }}
            as retention_cost_per_retained,
        cast(coalesce(nrr.nrr_base_customers, 0) as bigint)
            as nrr_base_customers,
        cast(coalesce(nrr.nrr_base_revenue, 0) as decimal(18, 2))
            as nrr_base_revenue,
        cast(coalesce(nrr.nrr_revenue, 0) as decimal(18, 2)) as nrr_revenue,
        {{ safe_div(coalesce(nrr.nrr_revenue, 0), nrr.nrr_base_revenue) }}
            as net_revenue_retention
    from cumulative_purchases as cumulative
    left join sheet
        on cumulative.month = sheet.month
        and cumulative.segment = sheet.segment
    left join purchases as buyers
        on cumulative.month = buyers.month
        and cumulative.segment = buyers.segment
    left join renewals
        on cumulative.month = renewals.month
        and cumulative.segment = renewals.segment
    left join grid_spend as spend
        on cumulative.month = spend.month
        and cumulative.segment = spend.segment
    left join nrr
        on cumulative.month = nrr.month
        and cumulative.segment = nrr.segment
)

select * from final
