package dev.tortoise.tx;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

/** A row with a unique name, for transaction, bulk and get_or_create tests. */
@Meta(table = "account")
public class Account extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 100, unique = true)
    public String name;
    @IntField(defaultValue = "0")
    public Integer balance;

    public Account() {
    }

    public Account(String name, int balance) {
        this.name = name;
        this.balance = balance;
    }
}
