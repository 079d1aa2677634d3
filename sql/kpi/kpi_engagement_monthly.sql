-- kpi_engagement_monthly: how many active customers engaged with us each
-- month (engagement rate), and how many CRM users (sellers, agents) used
-- the CRM (user adoption).
-- Events and activity dated before the first reporting month are not shown.
-- An entity that was never exported gives NULL (unknown), not 0, in its
-- columns; the customer columns need only customers and orders.
-- grain: one row per month of int_periods
-- key: month
-- columns:
--   month: first day of the month
--   period_end: last day of the month (the export date if partial)
--   is_complete: false for the current, partial month
--   active_customers: customers active on at least one day of the month:
--     active the day before it, acquired in it, or reactivated in it (the
--     reconciliation sheet's zero_churn_base for segment 'all'; an active
--     customer at the month end is always one of these; a customer acquired
--     in the month counts even before a first order)
--   engaged_customers: active customers with at least one engagement event
--     in the month; NULL when no engagement events were ever exported
--   engagement_rate: engaged_customers / active_customers (share 0-1); NULL
--     when nobody was active or no engagement events were ever exported
--   customers_with_events: distinct customers with an engagement event in
--     the month, active or not (known customers or not); NULL when no
--     engagement events were ever exported
--   engagement_events: engagement events in the month; NULL when no
--     engagement events were ever exported
--   users_seen: CRM users with an activity row in the month; NULL when no
--     CRM user activity was ever exported
--   active_users: CRM users with 1 or more logins in the month (a missing
--     logins value counts as 0); NULL when no activity was ever exported
--   adoption_rate: CRM user adoption = active_users / users_seen (share
--     0-1); NULL when nobody was seen or no activity was ever exported
--   logins: logins of all CRM users in the month (a missing value counts
--     as 0); NULL when no CRM user activity was ever exported
--   logins_per_active_user: logins / active_users; NULL when no user
--     logged in
--   records_updated: CRM records changed by the users in the month (a
--     missing value counts as 0); NULL when no activity was ever exported
with periods as (
    select
        period_start as month,
        period_end,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

month_statuses as (
    select
        period_start as month,
        customer_id,
        (
            is_active_at_start
            or is_acquired
            or is_reactivated
            or is_active_at_end
        ) as is_active
    from {{ ref('int_customer_period_status') }}
    where period_type = 'month'
),

events as (
    select
        event_month as month,
        customer_id
    from {{ ref('stg_engagement_events') }}
),

-- Events are counted per month x customer once; those rows give the event
-- counts, and the month's customer statuses are matched to them in one pass
-- that counts the active and the engaged customers together.
event_customers as (
    select
        month,
        customer_id,
        count(*) as events
    from events
    group by month, customer_id
),

event_counts as (
    select
        month,
        sum(events) as engagement_events,
        count(customer_id) as customers_with_events
    from event_customers
    group by month
),

customer_counts as (
    select
        month_statuses.month,
        {{ count_true(month_statuses.is_active) }} as active_customers,
        {{ count_true(
            month_statuses.is_active
            and event_customers.customer_id is not null) }}
            as engaged_customers
    from month_statuses
    left join event_customers
        on month_statuses.month = event_customers.month
        and month_statuses.customer_id = event_customers.customer_id
    group by month_statuses.month
),

user_months as (
    select
        activity_month as month,
        user_id,
        sum(coalesce(logins, 0)) as logins,
        sum(coalesce(records_updated, 0)) as records_updated
    from {{ ref('stg_crm_user_activity') }}
    group by activity_month, user_id
),

user_counts as (
    select
        month,
        count(*) as users_seen,
        count(*) filter (where logins >= 1) as active_users,
        sum(logins) as logins,
        sum(records_updated) as records_updated
    from user_months
    group by month
),

sources as (
    select
        (select count(*) from events) > 0 as has_events,
        (select count(*) from user_months) > 0 as has_users
),

grid as (
    select
        periods.month,
        periods.period_end,
        periods.is_complete,
        coalesce(customer_counts.active_customers, 0) as active_customers,
        case
            when sources.has_events
                then coalesce(customer_counts.engaged_customers, 0)
        end as engaged_customers,
        case
            when sources.has_events
                then coalesce(event_counts.customers_with_events, 0)
        end as customers_with_events,
        case
            when sources.has_events
                then coalesce(event_counts.engagement_events, 0)
        end as engagement_events,
        case
            when sources.has_users then coalesce(user_counts.users_seen, 0)
        end as users_seen,
        case
            when sources.has_users then coalesce(user_counts.active_users, 0)
        end as active_users,
        case
            when sources.has_users then coalesce(user_counts.logins, 0)
        end as logins,
        case
            when sources.has_users
                then coalesce(user_counts.records_updated, 0)
        end as records_updated
    from periods
    cross join sources
    left join customer_counts
        on periods.month = customer_counts.month
    left join event_counts
        on periods.month = event_counts.month
    left join user_counts
        on periods.month = user_counts.month
),

final as (
    select
        month,
        period_end,
        is_complete,
        cast(active_customers as bigint) as active_customers,
        cast(engaged_customers as bigint) as engaged_customers,
        {{ safe_div(engaged_customers, active_customers) }} as engagement_rate,
        cast(customers_with_events as bigint) as customers_with_events,
        cast(engagement_events as bigint) as engagement_events,
        cast(users_seen as bigint) as users_seen,
        cast(active_users as bigint) as active_users,
        {{ safe_div(active_users, users_seen) }} as adoption_rate,
        cast(logins as bigint) as logins,
        {{ safe_div(logins, active_users) }} as logins_per_active_user,
        cast(records_updated as bigint) as records_updated
    from grid
)

select * from final
