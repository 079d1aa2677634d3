-- int_activity_spells: the stretches of days on which each customer is
-- active. A completed order keeps its customer active for churn_window_days
-- days (the order day included); a contract keeps them active from starts_on
-- to ends_on. Days before the acquisition date never count. Overlapping or
-- adjacent stretches are merged (gaps and islands).
-- grain: one row per customer_id x spell (a maximal run of active days)
-- key: customer_id, spell_start
-- columns:
--   customer_id: CRM customer id
--   spell_start: first active day of the spell
--   spell_end: last active day of the spell (inclusive)
with customers as (
    select
        customer_id,
        acquisition_date
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

settings as (
    select {{ var('churn_window_days') }} as window_days
),

order_stretches as (
    select distinct
        orders.customer_id,
        orders.order_date as starts_on,
        {{ add_days(orders.order_date, settings.window_days - 1) }} as ends_on
    from {{ ref('int_orders') }} as orders
    cross join settings
    where orders.is_completed
),

contract_stretches as (
    select
        customer_id,
        starts_on,
        ends_on
    from {{ ref('stg_contracts') }}
),

stretches as (
    select
        stretch.customer_id,
        case
            when stretch.starts_on < customers.acquisition_date
                then customers.acquisition_date
            else stretch.starts_on
        end as starts_on,
        stretch.ends_on
    from (
        select customer_id, starts_on, ends_on from order_stretches
        union all
        select customer_id, starts_on, ends_on from contract_stretches
    ) as stretch
    inner join customers
        on stretch.customer_id = customers.customer_id
    where stretch.ends_on >= customers.acquisition_date
),

with_reach as (
    select
        customer_id,
        starts_on,
        ends_on,
        max(ends_on) over (
            partition by customer_id
            order by starts_on, ends_on
            rows between unbounded preceding and 1 preceding
        ) as reach_before
    from stretches
),

islands as (
    select
        customer_id,
        starts_on,
        ends_on,
        sum(
            case
                when reach_before is null then 1
                when starts_on > {{ add_days(reach_before, 1) }} then 1
                else 0
            end
        ) over (
            partition by customer_id
            order by starts_on, ends_on
            rows between unbounded preceding and current row
        ) as spell_number
    from with_reach
),

final as (
    select
        customer_id,
        min(starts_on) as spell_start,
        max(ends_on) as spell_end
    from islands
    group by customer_id, spell_number
)

select * from final
