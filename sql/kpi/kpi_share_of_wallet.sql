-- kpi_share_of_wallet: what share of each customer's estimated spend in a
-- category (or in total) came to us in the wallet period.
-- grain: one row per customer_id x period_start x period_end x category
-- key: customer_id, period_start, period_end, category
-- columns:
--   customer_id: CRM customer id
--   segment: the customer's segment ('unassigned' when unknown)
--   period_start: first day of the wallet period
--   period_end: last day of the wallet period (inclusive)
--   category: product category, or 'all' when the estimate covers every
--     category
--   our_revenue: revenue of the customer's orders in the period (within the
--     category), not cancelled, refunds negative
--   total_category_spend: the customer's estimated spend with all suppliers
--   share_of_wallet: our_revenue / total_category_spend; above 1 when our
--     revenue exceeds the estimate, negative when refunds exceed purchases
--   is_share_above_one: the share exceeds 1, so the estimate is inconsistent
--     with our own revenue (kept, not clipped)
with estimates as (
    select
        customer_id,
        period_start,
        period_end,
        category,
        total_category_spend
    from {{ ref('stg_wallet_estimates') }}
),

customers as (
    select
        customer_id,
        segment
    from {{ ref('int_customers') }}
),

orders as (
    select
        customer_id,
        order_date,
        category,
        amount
    from {{ ref('int_orders') }}
),

our_revenue as (
    select
        estimates.customer_id,
        estimates.period_start,
        estimates.period_end,
        estimates.category,
        sum(orders.amount) as our_revenue
    from estimates
    inner join orders
        on orders.customer_id = estimates.customer_id
        and orders.order_date >= estimates.period_start
        and orders.order_date <= estimates.period_end
        and (
            estimates.category = 'all'
            or orders.category = estimates.category
        )
    group by
        estimates.customer_id,
        estimates.period_start,
        estimates.period_end,
        estimates.category
),

final as (
    select
        estimates.customer_id,
        coalesce(customers.segment, 'unassigned') as segment,
        estimates.period_start,
        estimates.period_end,
        estimates.category,
        cast(coalesce(our_revenue.our_revenue, 0) as decimal(18, 2))
            as our_revenue,
        estimates.total_category_spend,
        {{ safe_div(coalesce(our_revenue.our_revenue, 0),
            estimates.total_category_spend) }} as share_of_wallet,
        coalesce(our_revenue.our_revenue, 0)
            > estimates.total_category_spend as is_share_above_one
    from estimates
    left join our_revenue
        on estimates.customer_id = our_revenue.customer_id
        and estimates.period_start = our_revenue.period_start
        and estimates.period_end = our_revenue.period_end
        and estimates.category = our_revenue.category
    left join customers
        on estimates.customer_id = customers.customer_id
)

select * from final
