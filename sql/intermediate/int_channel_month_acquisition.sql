-- int_channel_month_acquisition: acquisition spend, new customers and CAC
-- per month and acquisition channel (customers' acquisition_channel and the
-- spend's channel use one vocabulary).
-- grain: one row per month x channel with spend or new customers
-- key: month, channel
-- columns:
--   month: first day of the month
--   channel: acquisition channel
--   acquisition_spend: marketing spend with purpose acquisition (NULL when
--     no marketing spend was exported at all)
--   new_customers: customers acquired in the month through the channel
--   cac: acquisition_spend / new_customers, in cents (half-cent ties away
--     from zero; NULL when nobody was acquired or no spend was exported)
with spend as (
    select
        {{ month_start(spent_on) }} as month,
        channel,
        sum(amount) as acquisition_spend
    from {{ ref('stg_marketing_spend') }}
    where purpose = 'acquisition'
    group by {{ month_start(spent_on) }}, channel
),

acquired as (
    select
        cohort_month as month,
        acquisition_channel as channel,
        count(*) as new_customers
    from {{ ref('int_customers') }}
    where cohort_month is not null
    group by cohort_month, acquisition_channel
),

joined as (
    select
        coalesce(spend.month, acquired.month) as month,
        coalesce(spend.channel, acquired.channel) as channel,
        case
            when {{ has_rows({{ ref('stg_marketing_spend') }}) }}
                then coalesce(spend.acquisition_spend, 0)
        end as acquisition_spend,
        coalesce(acquired.new_customers, 0) as new_customers
    from spend
    full outer join acquired
        on spend.month = acquired.month
        and spend.channel = acquired.channel
),

final as (
    select
        month,
        channel,
        cast(acquisition_spend as decimal(18, 2)) as acquisition_spend,
        cast(new_customers as bigint) as new_customers,
        {{ money_div(acquisition_spend, new_customers) }} as cac
    from joined
)

select * from final
