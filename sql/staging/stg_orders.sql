-- stg_orders: the latest version of every order across the exports.
-- grain: one row per order_id
-- key: order_id
-- columns:
--   order_id: CRM order id
--   customer_id: the customer who ordered
--   ordered_at: when the order was placed (UTC)
--   order_date: ordered_at as a date in the reporting time zone
--   amount: net revenue of the order; negative for refunds
--   cost: cost of goods plus cost to serve; NULL when not exported
--   category: product category; NULL when not exported
--   status: completed, refunded or cancelled
--   updated_at: last change in the CRM (UTC)
-- The latest updated_at wins, else the latest export, else the last line.
with orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        amount,
        cost,
        category,
        status,
        updated_at,
        _export_date,
        _file,
        _line
    from {{ source('orders') }}
),

ranked as (
    select
        orders.*,
        row_number() over (
            partition by order_id
            order by
                updated_at desc nulls last,
                _export_date desc,
                _file desc,
                _line desc
        ) as version_rank
    from orders
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        {{ local_date(ordered_at) }} as order_date,
        amount,
        cost,
        category,
        status,
        updated_at
    from ranked
    where version_rank = 1
)

select * from final
