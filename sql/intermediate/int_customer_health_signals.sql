-- int_customer_health_signals: the raw inputs of the customer health score
-- for every acquired customer, as of the export date (as_of): latest
-- completed order, orders and revenue of the last 12 months, the latest NPS
-- or CSAT answer, open and recent service tickets, recent engagement.
-- grain: one row per acquired customer (int_customers with an acquisition
-- date)
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   segment: business segment
--   last_order_date: date of the latest completed order; NULL when none
--   days_since_last_order: whole days from last_order_date to as_of (0 when
--     the customer ordered on the export date); NULL when no completed order
--   orders_12m: completed orders dated in the 12 months ending on as_of
--     (order_date after as_of minus 12 months, up to as_of)
--   revenue_12m: revenue of the non-cancelled orders of the same 12 months
--     (refunds negative; 0 when none)
--   latest_survey_type: nps or csat: the type of the customer's latest NPS
--     or CSAT response (CES is not used); NULL when they never answered one
--   latest_survey_score: score of that response (NPS 0-10, CSAT 1-5)
--   latest_survey_at: when that response was given (UTC); the latest
--     responded_at wins, and of two at the same instant the higher
--     response_id
--   open_tickets: tickets of the customer still open on as_of (resolved_at
--     NULL or after as_of), whenever they were opened
--   tickets_90d: tickets opened in the 90 days ending on as_of (opened after
--     as_of minus 90 days, up to as_of), open or resolved
--   engagement_events_90d: engagement events (any type) in the 90 days
--     ending on as_of
with customers as (
    select
        customer_id,
        segment
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

orders as (
    select
        customer_id,
        order_date,
        amount,
        is_completed
    from {{ ref('int_orders') }}
    where order_date <= {{ var('as_of') }}
),

order_signals as (
    select
        customer_id,
        max(case when is_completed then order_date end) as last_order_date,
        {{ count_true(
            is_completed
            and order_date > {{ add_months({{ var('as_of') }}, -12) }}
        ) }} as orders_12m,
        sum(case
            when order_date > {{ add_months({{ var('as_of') }}, -12) }}
                then amount
        end) as revenue_12m
    from orders
    group by customer_id
),

surveys as (
    select
        customer_id,
        survey_type,
        score,
        responded_at,
        row_number() over (
            partition by customer_id
            order by responded_at desc, response_id desc
        ) as recency_rank
    from {{ ref('stg_survey_responses') }}
    where customer_id is not null
        and survey_type in ('nps', 'csat')
        and {{ local_date(responded_at) }} <= {{ var('as_of') }}
),

latest_survey as (
    select
        customer_id,
        survey_type,
        score,
        responded_at
    from surveys
    where recency_rank = 1
),

ticket_signals as (
    select
        customer_id,
        {{ count_true(
            resolved_at is null
            or {{ local_date(resolved_at) }} > {{ var('as_of') }}
        ) }} as open_tickets,
        {{ count_true(
            {{ local_date(opened_at) }} > {{ add_days({{ var('as_of') }}, -90) }}
        ) }} as tickets_90d
    from {{ ref('stg_tickets') }}
    where customer_id is not null
        and {{ local_date(opened_at) }} <= {{ var('as_of') }}
    group by customer_id
),

engagement_signals as (
    select
        customer_id,
        count(*) as engagement_events_90d
    from {{ ref('stg_engagement_events') }}
    where {{ local_date(occurred_at) }} > {{ add_days({{ var('as_of') }}, -90) }}
        and {{ local_date(occurred_at) }} <= {{ var('as_of') }}
    group by customer_id
),

final as (
    select
        customers.customer_id,
        customers.segment,
        order_signals.last_order_date,
        {{ days_between(order_signals.last_order_date, {{ var('as_of') }}) }}
            as days_since_last_order,
        cast(coalesce(order_signals.orders_12m, 0) as bigint) as orders_12m,
        cast(coalesce(order_signals.revenue_12m, 0) as decimal(18, 2))
            as revenue_12m,
        latest_survey.survey_type as latest_survey_type,
        cast(latest_survey.score as integer) as latest_survey_score,
        latest_survey.responded_at as latest_survey_at,
        cast(coalesce(ticket_signals.open_tickets, 0) as bigint)
            as open_tickets,
        cast(coalesce(ticket_signals.tickets_90d, 0) as bigint) as tickets_90d,
        cast(coalesce(engagement_signals.engagement_events_90d, 0) as bigint)
            as engagement_events_90d
    from customers
    left join order_signals
        on customers.customer_id = order_signals.customer_id
    left join latest_survey
        on customers.customer_id = latest_survey.customer_id
    left join ticket_signals
        on customers.customer_id = ticket_signals.customer_id
    left join engagement_signals
        on customers.customer_id = engagement_signals.customer_id
)

select * from final
