-- int_customer_months: what each customer bought in each calendar month.
-- grain: one row per customer_id x month with at least one counted order
-- key: customer_id, month
-- columns:
--   customer_id: CRM customer id
--   month: first day of the month
--   revenue: sum of amount (refunds negative)
--   gross_profit: sum of amount - cost over orders with a cost; NULL if none
--   margin: sum of amount - cost, cost taken as 0 when not exported
--   completed_orders: number of completed orders
with orders as (
    select
        customer_id,
        order_month,
        amount,
        gross_profit,
        margin,
        is_completed
    from {{ ref('int_orders') }}
),

final as (
    select
        customer_id,
        order_month as month,
        cast(sum(amount) as decimal(18, 2)) as revenue,
        cast(sum(gross_profit) as decimal(18, 2)) as gross_profit,
        cast(sum(margin) as decimal(18, 2)) as margin,
        {{ count_true(is_completed) }} as completed_orders
    from orders
    group by customer_id, order_month
)

select * from final
