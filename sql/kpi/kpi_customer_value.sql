-- kpi_customer_value: what each customer has bought and is worth: orders,
-- revenue and gross profit to date, the acquisition cost share and historical
-- net CLV (taken from int_customer_clv, so the CLV here averages to
-- kpi_cac_by_channel.clv), average purchase value, RFM scores and a value
-- tier by net CLV. Scores and tiers rank all acquired customers; ties are
-- broken by customer_id (of two equal values, the customer_id that sorts
-- first gets the better or the same score or tier), so reruns give the same
-- result.
-- grain: one row per acquired customer (int_customers with an acquisition
--   date)
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   segment: business segment ('unassigned' when not exported)
--   acquisition_channel: channel credited with the acquisition ('unknown'
--     when not exported)
--   cohort_month: first day of the acquisition month
--   first_order_date: date of the first completed order; NULL when none
--   last_order_date: date of the latest completed order; NULL when none
--   orders: completed orders (refunds and cancellations are not purchases)
--   revenue: sum of amount of every non-cancelled order to date, refunds
--     negative (0 when none); negative when refunds exceed purchases
--   gross_profit: sum of amount - cost over the orders that have a cost;
--     NULL when no order has one
--   clv_horizon_revenue: revenue in the first clv_horizon_months months
--     after acquisition (int_customer_clv)
--   clv_horizon_cost: cost of those orders, a missing cost counted as 0
--   acquisition_cost_share: CAC of the customer's channel and acquisition
--     month (spend / customers acquired), rounded to the cent; 0 when the
--     channel had no acquisition spend that month
--   net_clv: historical net CLV = clv_horizon_revenue - clv_horizon_cost -
--     acquisition_cost_share, as far as observed (int_customer_clv)
--   average_purchase_value: revenue / orders, in cents (half-cent ties
--     away from zero); NULL when
--     the customer has no completed order; negative when refunds exceed
--     purchases
--   recency_days: days from last_order_date to the export date; NULL when
--     no completed order
--   frequency: completed orders (= orders)
--   monetary: revenue (= revenue; refunds negative)
--   r_score: recency quintile 1-5, 5 = most recent: ntile(5) over all
--     acquired customers ordered by recency_days descending, customers
--     without a completed order first (they score lowest)
--   f_score: frequency quintile 1-5, 5 = most orders: ntile(5) ordered by
--     frequency ascending
--   m_score: monetary quintile 1-5, 5 = most revenue: ntile(5) ordered by
--     monetary ascending (negative revenue ranks lowest)
--   rfm_score: the three scores as text, r then f then m ('545' = score 5
--     on recency, 4 on frequency, 5 on monetary). With fewer than 5
--     customers the scores run 1..n (ntile buckets)
--   rfm_total: r_score + f_score + m_score, 3 (worst) to 15 (best)
--   value_tier: by net_clv: ntile(5) over all acquired customers ordered by
--     net_clv descending; bucket 1 = 'top' (top 20%), 2-4 = 'middle' (60%),
--     5 = 'bottom' (20%). When the count is not a multiple of 5, the
--     earlier buckets get one customer more (top first); with fewer than 5
--     customers there is no 'bottom' tier
with customers as (
    select
        customer_id,
        cohort_month,
        acquisition_channel,
        segment,
        horizon_revenue,
        horizon_cost,
        acquisition_cost_share,
        net_clv
    from {{ ref('int_customer_clv') }}
),

orders as (
    select
        customer_id,
        order_date,
        amount,
        gross_profit,
        is_completed
    from {{ ref('int_orders') }}
),

order_totals as (
    select
        customer_id,
        min(case when is_completed then order_date end) as first_order_date,
        max(case when is_completed then order_date end) as last_order_date,
        {{ count_true(is_completed) }} as orders,
        sum(amount) as revenue,
        sum(gross_profit) as gross_profit
    from orders
    group by customer_id
),

valued as (
    select
        customers.customer_id,
        customers.segment,
        customers.acquisition_channel,
        customers.cohort_month,
        order_totals.first_order_date,
        order_totals.last_order_date,
        coalesce(order_totals.orders, 0) as orders,
        coalesce(order_totals.revenue, 0) as revenue,
        order_totals.gross_profit,
        customers.horizon_revenue,
        customers.horizon_cost,
        customers.acquisition_cost_share,
        customers.net_clv,
        {{ days_between(order_totals.last_order_date, {{ var('as_of') }}) }}
            as recency_days
    from customers
    left join order_totals
        on customers.customer_id = order_totals.customer_id
),

ranked as (
    select
        valued.*,
        ntile(5) over (
            order by recency_days desc nulls first, customer_id desc
        ) as r_score,
        ntile(5) over (
            order by orders asc nulls first, customer_id desc
        ) as f_score,
        ntile(5) over (
            order by revenue asc nulls first, customer_id desc
        ) as m_score,
        ntile(5) over (
            order by net_clv desc nulls last, customer_id asc
        ) as clv_quintile
    from valued
),

final as (
    select
        customer_id,
        segment,
        acquisition_channel,
        cohort_month,
        first_order_date,
        last_order_date,
        cast(orders as bigint) as orders,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(gross_profit as decimal(18, 2)) as gross_profit,
        cast(horizon_revenue as decimal(18, 2)) as clv_horizon_revenue,
        cast(horizon_cost as decimal(18, 2)) as clv_horizon_cost,
        cast(acquisition_cost_share as decimal(18, 2))
            as acquisition_cost_share,
        cast(net_clv as decimal(18, 2)) as net_clv,
        {{ money_div(revenue, orders) }} as average_purchase_value,
        cast(recency_days as bigint) as recency_days,
        cast(orders as bigint) as frequency,
        cast(revenue as decimal(18, 2)) as monetary,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        cast(r_score as varchar) || cast(f_score as varchar)
            || cast(m_score as varchar) as rfm_score,
        cast(r_score + f_score + m_score as integer) as rfm_total,
        case
            when clv_quintile = 1 then 'top'
            when clv_quintile = 5 then 'bottom'
            else 'middle'
        end as value_tier
    from ranked
)

select * from final
