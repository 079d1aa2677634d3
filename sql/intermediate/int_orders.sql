-- int_orders: the orders that count for revenue (every status but cancelled).
-- grain: one row per order_id
-- key: order_id
-- columns:
--   order_id: CRM order id
--   customer_id: the customer who ordered
--   order_date: day of the order
--   order_month: first day of the order's month
--   amount: revenue of the order (negative for refunds)
--   cost: cost of the order; NULL when not exported
--   gross_profit: amount - cost; NULL when cost is NULL
--   margin: amount - cost, or amount when cost is NULL (payback, CLV)
--   category: product category
--   is_completed: status = completed (refunds are not purchases)
with orders as (
    select
        order_id,
        customer_id,
        order_date,
        amount,
        cost,
        category,
        status
    from {{ ref('stg_orders') }}
    where status <> 'cancelled'
),

final as (
    select
        order_id,
        customer_id,
        order_date,
        {{ month_start(order_date) }} as order_month,
        amount,
        cost,
        cast(amount - cost as decimal(18, 2)) as gross_profit,
        cast(amount - coalesce(cost, 0) as decimal(18, 2)) as margin,
        category,
        status = 'completed' as is_completed
    from orders
)

select * from final
