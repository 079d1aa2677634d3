-- int_customer_clv: each customer's historical net customer lifetime value
-- over the first clv_horizon_months months after acquisition, as far as
-- observed. The single source of CLV for every table that shows it.
-- grain: one row per acquired customer
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   cohort_month: first day of the acquisition month
--   acquisition_channel: channel credited with the acquisition
--   segment: business segment
--   horizon_end: first day after the CLV horizon
--   horizon_revenue: revenue inside the horizon (refunds negative)
--   horizon_cost: cost of those orders (missing costs count as 0)
--   acquisition_cost_share: the CAC of the customer's channel and month
--     (int_channel_month_acquisition, in cents; 0 when the channel had no
--     spend)
--   net_clv: horizon_revenue - horizon_cost - acquisition_cost_share
with customers as (
    select
        customer_id,
        acquisition_date,
        cohort_month,
        acquisition_channel,
        segment,
        {{ add_months(acquisition_date, {{ var('clv_horizon_months') }}) }}
            as horizon_end
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

horizon_orders as (
    select
        customers.customer_id,
        sum(orders.amount) as horizon_revenue,
        sum(coalesce(orders.cost, 0)) as horizon_cost
    from customers
    inner join {{ ref('int_orders') }} as orders
        on orders.customer_id = customers.customer_id
        and orders.order_date >= customers.acquisition_date
        and orders.order_date < customers.horizon_end
    group by customers.customer_id
),

valued as (
    select
        customers.customer_id,
        customers.cohort_month,
        customers.acquisition_channel,
        customers.segment,
        customers.horizon_end,
        cast(coalesce(horizon_orders.horizon_revenue, 0) as decimal(18, 2))
            as horizon_revenue,
        cast(coalesce(horizon_orders.horizon_cost, 0) as decimal(18, 2))
            as horizon_cost,
        cast(coalesce(acquisition.cac, 0) as decimal(18, 2))
            as acquisition_cost_share
    from customers
    left join horizon_orders
        on customers.customer_id = horizon_orders.customer_id
    left join {{ ref('int_channel_month_acquisition') }} as acquisition
        on customers.cohort_month = acquisition.month
        and customers.acquisition_channel = acquisition.channel
),

final as (
    select
        valued.*,
        cast(horizon_revenue - horizon_cost - acquisition_cost_share
            as decimal(18, 2)) as net_clv
    from valued
)

select * from final
