-- int_customers: every customer with the date that puts them in a cohort.
-- grain: one row per customer_id
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   acquisition_date: date of acquired_at in the reporting time zone, else
--     of their first completed order; NULL when neither exists (not yet a
--     customer)
--   cohort_month: first day of the acquisition month
--   acquisition_channel: channel credited ('unknown' for implied customers)
--   segment: business segment ('unassigned' for implied customers)
--   first_order_date: date of the first completed order
--   is_implied: true when the customer appears only in orders
with customers as (
    select
        customer_id,
        acquired_at,
        acquisition_channel,
        segment
    from {{ ref('stg_customers') }}
),

orders as (
    select
        customer_id,
        order_date,
        status
    from {{ ref('stg_orders') }}
),

first_orders as (
    select
        customer_id,
        min(order_date) as first_order_date
    from orders
    where status = 'completed'
    group by customer_id
),

implied as (
    select distinct
        orders.customer_id,
        cast(null as timestamp) as acquired_at,
        'unknown' as acquisition_channel,
        'unassigned' as segment
    from orders
    left join customers
        on orders.customer_id = customers.customer_id
    where customers.customer_id is null
),

all_customers as (
    select
        customer_id,
        acquired_at,
        acquisition_channel,
        segment,
        false as is_implied
    from customers
    union all
    select
        customer_id,
        acquired_at,
        acquisition_channel,
        segment,
        true as is_implied
    from implied
),

dated as (
    select
        all_customers.customer_id,
        coalesce(
            {{ local_date(all_customers.acquired_at) }},
            first_orders.first_order_date
        ) as acquisition_date,
        all_customers.acquisition_channel,
        all_customers.segment,
        first_orders.first_order_date,
        all_customers.is_implied
    from all_customers
    left join first_orders
        on all_customers.customer_id = first_orders.customer_id
),

final as (
    select
        customer_id,
        acquisition_date,
        {{ month_start(acquisition_date) }} as cohort_month,
        acquisition_channel,
        segment,
        first_order_date,
        is_implied
    from dated
)

select * from final
